package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.Nullable;

/** Anthropic {@code stop_reason} → OpenAI {@code finish_reason}. */
final class StopReasons {

    private StopReasons() {
    }

    static String finishReason(@Nullable String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, pause_turn (a server-tool loop paused: the turn is over for this response),
            // and any reason added later.
            default -> "stop";
        };
    }
}
