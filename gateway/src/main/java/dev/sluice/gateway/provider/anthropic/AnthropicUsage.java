package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.usage.UsageMeter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's token counts. {@code input_tokens} is only the uncached part of the prompt: OpenAI's
 * {@code prompt_tokens} is input + cache read + cache creation, with the cache reads as {@code cached_tokens}.
 */
record AnthropicUsage(long input, long cacheRead, long cacheCreation, long output) {

    static final AnthropicUsage NONE = new AnthropicUsage(0, 0, 0, 0);

    /** This usage with every field present in {@code usage} replaced (stream deltas carry some fields only). */
    AnthropicUsage merge(@Nullable JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        return new AnthropicUsage(
                usage.path("input_tokens").asLong(input),
                usage.path("cache_read_input_tokens").asLong(cacheRead),
                usage.path("cache_creation_input_tokens").asLong(cacheCreation),
                usage.path("output_tokens").asLong(output));
    }

    long promptTokens() {
        return input + cacheRead + cacheCreation;
    }

    void reportTo(UsageMeter meter) {
        meter.reportUsage(promptTokens(), output, cacheRead, cacheCreation);
    }

    /** Writes OpenAI's {@code usage} object (the value only; the caller wrote the name). */
    void writeOpenAi(JsonGenerator g) {
        g.writeStartObject();
        g.writeNumberProperty("prompt_tokens", promptTokens());
        g.writeNumberProperty("completion_tokens", output);
        g.writeNumberProperty("total_tokens", promptTokens() + output);
        g.writeName("prompt_tokens_details");
        g.writeStartObject();
        g.writeNumberProperty("cached_tokens", cacheRead);
        g.writeEndObject();
        g.writeEndObject();
    }
}
