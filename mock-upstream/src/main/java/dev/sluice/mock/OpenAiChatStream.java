package dev.sluice.mock;

import java.util.function.IntFunction;

/**
 * One OpenAI {@code chat.completion.chunk} stream, byte-compatible with api.openai.com: every frame is
 * {@code data: {"id",...,"choices":[{"index":0,"delta":DELTA,"logprobs":null,"finish_reason":...}]}\n\n}, built from
 * a per-request head, a precomputed delta and a precomputed tail.
 */
final class OpenAiChatStream extends FrameScript {

  private static final byte[][] TEXT_DELTAS = precomputeTextDeltas();
  private static final byte[] ROLE_DELTA = Json.utf8("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
  private static final byte[] EMPTY_DELTA = Json.utf8("{}");
  private static final byte[] TAIL = Json.utf8(",\"logprobs\":null,\"finish_reason\":null}]}\n\n");
  private static final byte[] TAIL_WITH_USAGE = Json.utf8(",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
  private static final byte[] DONE = Json.utf8("data: [DONE]\n\n");

  private final ChatPlan plan;
  private final byte[] head;
  private final byte[] tail;
  private final byte[] finishTail;
  private final byte[] usageFrame;
  private final IntFunction<byte[]> delta;

  OpenAiChatStream(ChatPlan plan) {
    this.plan = plan;
    String envelope = "{\"id\":" + Json.quote(plan.id()) + ",\"object\":\"chat.completion.chunk\",\"created\":"
        + plan.created() + ",\"model\":" + Json.quote(plan.model())
        + ",\"service_tier\":\"default\",\"system_fingerprint\":null,\"choices\":";
    this.head = Json.utf8("data: " + envelope + "[{\"index\":0,\"delta\":");
    this.tail = plan.includeUsage() ? TAIL_WITH_USAGE : TAIL;
    this.finishTail = Json.utf8(",\"logprobs\":null,\"finish_reason\":\"" + plan.finish().openAi + "\"}]"
        + (plan.includeUsage() ? ",\"usage\":null" : "") + "}\n\n");
    this.usageFrame = Json.utf8("data: " + envelope + "[],\"usage\":" + OpenAiChatBody.usageJson(plan) + "}\n\n");
    ToolCall toolCall = plan.toolCall();
    this.delta = toolCall == null ? k -> TEXT_DELTAS[MockText.variantOf(k)] : k -> argumentsDelta(toolCall, k);
  }

  private static byte[][] precomputeTextDeltas() {
    byte[][] deltas = new byte[MockText.variants()][];
    for (int v = 0; v < deltas.length; v++) {
      deltas[v] = Json.utf8("{\"content\":" + Json.quote(MockText.variant(v)) + "}");
    }
    return deltas;
  }

  private static byte[] argumentsDelta(ToolCall toolCall, int k) {
    return Json.utf8("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
        + Json.quote(toolCall.fragments().get(k)) + "}}]}");
  }

  private byte[] roleDelta() {
    ToolCall toolCall = plan.toolCall();
    if (toolCall == null) {
      return ROLE_DELTA;
    }
    return Json.utf8("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":"
        + Json.quote(OpenAiChatBody.toolCallId(plan)) + ",\"type\":\"function\",\"function\":{\"name\":"
        + Json.quote(toolCall.name()) + ",\"arguments\":\"\"}}],\"refusal\":null}");
  }

  @Override
  int preludeSize() {
    return 1;
  }

  @Override
  int tokenCount() {
    return plan.completionTokens();
  }

  @Override
  int trailerSize() {
    return plan.includeUsage() ? 3 : 2;
  }

  @Override
  byte[] prelude(int i) {
    return Json.concat(head, roleDelta(), tail);
  }

  @Override
  byte[] token(int k) {
    return Json.concat(head, delta.apply(k), tail);
  }

  @Override
  byte[] trailer(int j) {
    if (j == 0) {
      return Json.concat(head, EMPTY_DELTA, finishTail);
    }
    return j == 1 && plan.includeUsage() ? usageFrame : DONE;
  }
}
