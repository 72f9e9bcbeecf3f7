package dev.sluice.mock;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/** OpenAI's non-stream {@code chat.completion} body, in api.openai.com's key order and pretty layout. */
final class OpenAiChatBody {

  private OpenAiChatBody() {
  }

  static byte[] render(ChatPlan plan) {
    return Json.openAiPretty(g -> {
      g.writeStartObject();
      g.writeStringProperty("id", plan.id());
      g.writeStringProperty("object", "chat.completion");
      g.writeNumberProperty("created", plan.created());
      g.writeStringProperty("model", plan.model());
      g.writeArrayPropertyStart("choices");
      String text = plan.toolCall() == null ? plan.text() : null;
      for (int index = 0; index < plan.choices(); index++) {
        writeChoice(g, plan, index, text);
      }
      g.writeEndArray();
      g.writeName("usage");
      writeUsage(g, plan.promptTokens(), plan.completionTokens() * plan.choices());
      g.writeStringProperty("service_tier", "default");
      g.writeNullProperty("system_fingerprint");
      g.writeEndObject();
    });
  }

  private static void writeChoice(JsonGenerator g, ChatPlan plan, int index, @Nullable String text) {
    g.writeStartObject();
    g.writeNumberProperty("index", index);
    g.writeObjectPropertyStart("message");
    g.writeStringProperty("role", "assistant");
    ToolCall toolCall = plan.toolCall();
    if (toolCall == null) {
      g.writeStringProperty("content", text);
    } else {
      g.writeNullProperty("content");
      g.writeArrayPropertyStart("tool_calls");
      g.writeStartObject();
      g.writeStringProperty("id", toolCallId(plan) + (index == 0 ? "" : "_" + index));
      g.writeStringProperty("type", "function");
      g.writeObjectPropertyStart("function");
      g.writeStringProperty("name", toolCall.name());
      g.writeStringProperty("arguments", toolCall.arguments());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
    }
    g.writeNullProperty("refusal");
    g.writeArrayPropertyStart("annotations");
    g.writeEndArray();
    g.writeEndObject();
    g.writeNullProperty("logprobs");
    g.writeStringProperty("finish_reason", plan.finish().openAi);
    g.writeEndObject();
  }

  /** The usage object, in OpenAI's key order (shared with the stream's compact usage chunk). */
  static void writeUsage(JsonGenerator g, int promptTokens, int completionTokens) {
    g.writeStartObject();
    g.writeNumberProperty("prompt_tokens", promptTokens);
    g.writeNumberProperty("completion_tokens", completionTokens);
    g.writeNumberProperty("total_tokens", promptTokens + completionTokens);
    g.writeObjectPropertyStart("prompt_tokens_details");
    g.writeNumberProperty("cached_tokens", 0);
    g.writeNumberProperty("audio_tokens", 0);
    g.writeEndObject();
    g.writeObjectPropertyStart("completion_tokens_details");
    g.writeNumberProperty("reasoning_tokens", 0);
    g.writeNumberProperty("audio_tokens", 0);
    g.writeNumberProperty("accepted_prediction_tokens", 0);
    g.writeNumberProperty("rejected_prediction_tokens", 0);
    g.writeEndObject();
    g.writeEndObject();
  }

  static String usageJson(ChatPlan plan) {
    return new String(Json.compact(g -> writeUsage(g, plan.promptTokens(), plan.completionTokens())),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The tool call id, derived from the response id so stream and body agree. */
  static String toolCallId(ChatPlan plan) {
    return "call_" + plan.id().substring(plan.id().indexOf('-') + 1);
  }
}
