package dev.sluice.mock;

/** Anthropic's non-stream Messages body: compact JSON, in the key order of the 2026 API. */
final class AnthropicBody {

  private AnthropicBody() {
  }

  static byte[] render(ChatPlan plan) {
    return Json.compact(g -> {
      g.writeStartObject();
      g.writeStringProperty("model", plan.model());
      g.writeStringProperty("id", plan.id());
      g.writeStringProperty("type", "message");
      g.writeStringProperty("role", "assistant");
      g.writeArrayPropertyStart("content");
      g.writeStartObject();
      ToolCall toolCall = plan.toolCall();
      if (toolCall == null) {
        g.writeStringProperty("type", "text");
        g.writeStringProperty("text", plan.text());
      } else {
        g.writeStringProperty("type", "tool_use");
        g.writeStringProperty("id", toolUseId(plan));
        g.writeStringProperty("name", toolCall.name());
        g.writeName("input");
        g.writeRawValue(toolCall.arguments());
        g.writeObjectPropertyStart("caller");
        g.writeStringProperty("type", "direct");
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeStringProperty("stop_reason", plan.finish().anthropic);
      g.writeNullProperty("stop_sequence");
      g.writeNullProperty("stop_details");
      g.writeObjectPropertyStart("usage");
      g.writeNumberProperty("input_tokens", plan.promptTokens());
      g.writeNumberProperty("cache_creation_input_tokens", 0);
      g.writeNumberProperty("cache_read_input_tokens", 0);
      g.writeObjectPropertyStart("cache_creation");
      g.writeNumberProperty("ephemeral_5m_input_tokens", 0);
      g.writeNumberProperty("ephemeral_1h_input_tokens", 0);
      g.writeEndObject();
      g.writeNumberProperty("output_tokens", plan.completionTokens());
      g.writeStringProperty("service_tier", "standard");
      g.writeStringProperty("inference_geo", "global");
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** The tool_use id, derived from the message id so stream and body agree. */
  static String toolUseId(ChatPlan plan) {
    return "toolu_" + plan.id().substring(plan.id().indexOf('_') + 1);
  }
}
