package dev.sluice.mock;

/**
 * One Anthropic Messages stream: {@code event: X\ndata: {...}\n\n} frames in the order message_start,
 * content_block_start, ping, content_block_delta…, content_block_stop, message_delta, message_stop. Text deltas and
 * the fixed events are precomputed whole frames.
 */
final class AnthropicStream extends FrameScript {

  private static final byte[][] TEXT_DELTAS = precomputeTextDeltas();
  private static final byte[] TEXT_BLOCK_START = frame("content_block_start",
      "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
  private static final byte[] PING = frame("ping", "{\"type\": \"ping\"}");
  private static final byte[] EMPTY_INPUT_DELTA = inputDelta("");
  private static final byte[] BLOCK_STOP = frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
  private static final byte[] MESSAGE_STOP = frame("message_stop", "{\"type\":\"message_stop\"}");

  private final ChatPlan plan;

  AnthropicStream(ChatPlan plan) {
    this.plan = plan;
  }

  static byte[] frame(String event, String data) {
    return Json.utf8("event: " + event + "\ndata: " + data + "\n\n");
  }

  private static byte[][] precomputeTextDeltas() {
    byte[][] deltas = new byte[MockText.variants()][];
    for (int v = 0; v < deltas.length; v++) {
      deltas[v] = frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":" + Json.quote(MockText.variant(v)) + "}}");
    }
    return deltas;
  }

  private static byte[] inputDelta(String partialJson) {
    return frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
        + "{\"type\":\"input_json_delta\",\"partial_json\":" + Json.quote(partialJson) + "}}");
  }

  @Override
  int preludeSize() {
    return plan.toolCall() == null ? 3 : 4;
  }

  @Override
  int tokenCount() {
    return plan.completionTokens();
  }

  @Override
  int trailerSize() {
    return 3;
  }

  @Override
  byte[] prelude(int i) {
    return switch (i) {
      case 0 -> messageStart();
      case 1 -> blockStart();
      case 2 -> PING;
      default -> EMPTY_INPUT_DELTA;
    };
  }

  @Override
  byte[] token(int k) {
    ToolCall toolCall = plan.toolCall();
    return toolCall == null ? TEXT_DELTAS[MockText.variantOf(k)] : inputDelta(toolCall.fragments().get(k));
  }

  @Override
  byte[] trailer(int j) {
    return switch (j) {
      case 0 -> BLOCK_STOP;
      case 1 -> messageDelta();
      default -> MESSAGE_STOP;
    };
  }

  private byte[] messageStart() {
    return frame("message_start", "{\"type\":\"message_start\",\"message\":{\"model\":" + Json.quote(plan.model())
        + ",\"id\":" + Json.quote(plan.id()) + ",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + plan.promptTokens()
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"cache_creation\":"
        + "{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":0},\"output_tokens\":1,"
        + "\"service_tier\":\"standard\",\"inference_geo\":\"global\"}}}");
  }

  private byte[] blockStart() {
    ToolCall toolCall = plan.toolCall();
    if (toolCall == null) {
      return TEXT_BLOCK_START;
    }
    return frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"tool_use\",\"id\":" + Json.quote(AnthropicBody.toolUseId(plan)) + ",\"name\":"
        + Json.quote(toolCall.name()) + ",\"input\":{}}}");
  }

  private byte[] messageDelta() {
    return frame("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + plan.finish().anthropic + "\",\"stop_sequence\":null},\"usage\":{\"input_tokens\":" + plan.promptTokens()
        + ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":"
        + plan.completionTokens() + "}}");
  }
}
