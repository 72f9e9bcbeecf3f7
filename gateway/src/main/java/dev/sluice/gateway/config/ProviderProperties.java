package dev.sluice.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One upstream, {@code sluice.providers.<name>.*}.
 *
 * @param type             wire format: {@code openai}, {@code anthropic} or {@code mock}
 * @param baseUrl          e.g. {@code https://api.openai.com/v1} or {@code https://api.anthropic.com/v1}; required unless mock
 * @param apiKey           sent as {@code Authorization: Bearer} (openai) or {@code x-api-key} (anthropic)
 * @param headers          extra headers sent upstream on every request (e.g. {@code api-key} for Azure)
 * @param connectTimeout   TCP connect timeout
 * @param firstByteTimeout longest wait for the upstream's response headers
 * @param idleTimeout      longest gap between two reads of a response body (bounds a stalled stream)
 * @param maxConnections   connection pool size to this upstream
 * @param maxIdleTime      pooled connections idle longer are closed
 * @param anthropicVersion {@code anthropic-version} header (anthropic only)
 * @param defaultMaxTokens {@code max_tokens} sent to Anthropic when the client sets none (it is required there)
 * @param mock             behaviour of a {@code mock} provider
 */
public record ProviderProperties(
        @NotNull ProviderKind type,
        @Nullable URI baseUrl,
        @Nullable String apiKey,
        Map<String, String> headers,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("60s") Duration firstByteTimeout,
        @NotNull @DefaultValue("30s") Duration idleTimeout,
        @Min(1) @DefaultValue("1000") int maxConnections,
        @NotNull @DefaultValue("60s") Duration maxIdleTime,
        @DefaultValue("2023-06-01") String anthropicVersion,
        @Min(1) @DefaultValue("4096") int defaultMaxTokens,
        @Valid @DefaultValue MockProperties mock) {

    public ProviderProperties {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /**
     * @param timeToFirstToken delay before the first token
     * @param tokens           tokens per completion (capped by the request's max_tokens)
     * @param interTokenDelay  delay between tokens
     */
    public record MockProperties(
            @NotNull @DefaultValue("0ms") Duration timeToFirstToken,
            @Min(1) @DefaultValue("16") int tokens,
            @NotNull @DefaultValue("0ms") Duration interTokenDelay) {
    }
}
