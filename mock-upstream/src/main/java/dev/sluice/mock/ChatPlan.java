package dev.sluice.mock;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What the mock will answer to one chat request, decided once from the request and the behaviour.
 *
 * @param completionTokens content tokens to emit (tool calls: the number of argument fragments)
 * @param toolCall the tool call to answer with, or null for text
 * @param choices OpenAI's {@code n} (non-stream responses carry that many choices)
 */
record ChatPlan(String id, long created, String model, int promptTokens, int completionTokens, Finish finish,
                boolean includeUsage, @Nullable ToolCall toolCall, int choices) {

  static final String DEFAULT_MODEL = "mock-model";
  private static final int MAX_CHOICES = 128;

  static ChatPlan openAi(JsonNode request, MockBehavior behavior) {
    ToolCall toolCall = ToolCall.fromOpenAi(request);
    int cap = cap(request.path("max_completion_tokens"), cap(request.path("max_tokens"), Integer.MAX_VALUE));
    int choices = Math.clamp(request.path("n").asInt(1), 1, MAX_CHOICES);
    boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
    return plan(Ids.next("chatcmpl-mock"), request, PromptTokens.openAi(request), behavior, cap, toolCall,
        includeUsage, choices);
  }

  static ChatPlan anthropic(JsonNode request, MockBehavior behavior) {
    int cap = cap(request.path("max_tokens"), Integer.MAX_VALUE);
    return plan(Ids.next("msg_mock"), request, PromptTokens.anthropic(request), behavior, cap,
        ToolCall.fromAnthropic(request), true, 1);
  }

  private static ChatPlan plan(String id, JsonNode request, int promptTokens, MockBehavior behavior, int cap,
                               @Nullable ToolCall toolCall, boolean includeUsage, int choices) {
    long created = System.currentTimeMillis() / 1000;
    String model = Json.text(request.path("model"), DEFAULT_MODEL);
    if (toolCall != null) {
      return new ChatPlan(id, created, model, promptTokens, toolCall.fragments().size(), Finish.TOOL, includeUsage,
          toolCall, choices);
    }
    int tokens = Math.min(behavior.tokens(), cap);
    Finish finish = tokens < behavior.tokens() ? Finish.LENGTH : Finish.STOP;
    return new ChatPlan(id, created, model, promptTokens, tokens, finish, includeUsage, null, choices);
  }

  private static int cap(JsonNode value, int fallback) {
    return value.canConvertToInt() && value.isIntegralNumber() ? Math.max(0, value.intValue()) : fallback;
  }

  /** The text of a text answer. */
  String text() {
    return MockText.text(completionTokens);
  }
}
