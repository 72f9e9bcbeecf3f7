package dev.sluice.usage.event;

import com.fasterxml.jackson.annotation.JsonProperty;

import static java.util.Objects.requireNonNull;

/**
 * Tokens a request consumed.
 *
 * @param promptTokens     input tokens, cached ones included (OpenAI's {@code prompt_tokens})
 * @param completionTokens output tokens
 * @param cachedTokens     input tokens served from the provider's prompt cache (a subset of {@code promptTokens})
 * @param cacheWriteTokens input tokens written to the provider's prompt cache (Anthropic; a subset of {@code promptTokens})
 * @param source           who counted them
 */
public record TokenUsage(
        @JsonProperty("prompt_tokens") long promptTokens,
        @JsonProperty("completion_tokens") long completionTokens,
        @JsonProperty("cached_tokens") long cachedTokens,
        @JsonProperty("cache_write_tokens") long cacheWriteTokens,
        @JsonProperty("source") UsageSource source) {

    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0, UsageSource.NONE);

    public TokenUsage {
        requireNonNull(source, "source");
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }
}
