package dev.sluice.usage.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * One request through the gateway, as published on topic {@value #TOPIC} (key: tenant).
 * Schema: {@code docs/usage-event.schema.json}. Never carries prompts, completions or API keys.
 *
 * @param schemaVersion   {@value #SCHEMA_VERSION}; a consumer rejects versions it does not know
 * @param eventId         UUIDv7, time-ordered, unique per request: the de-duplication key downstream
 * @param receivedAt      when the gateway received the request
 * @param firstTokenAt    when the first content byte was written to the client (null if none was)
 * @param completedAt     when the response ended (completed, failed or cancelled)
 * @param requestId       the {@code x-request-id} of the exchange (the client's own when it sent one)
 * @param traceId         W3C trace id, when tracing is on
 * @param tenant          the caller's tenant ({@code "anonymous"} where no identity applies)
 * @param team            the caller's team
 * @param user            the caller's user, as authenticated
 * @param keyId           the id of the API key used (never the key itself)
 * @param model           the model alias the client asked for
 * @param provider        the provider name that served it
 * @param upstreamModel   the model name sent upstream
 * @param streamed        whether the client asked for a stream
 * @param httpStatus      the HTTP status the client got
 * @param errorCode       OpenAI-style error code when the request failed
 * @param outcome         how the request ended
 * @param usage           tokens consumed
 * @param costUsd         cost in US dollars at the prices of {@code priceVersion}
 * @param priceVersion    version ({@code YYYY.MM.DD}) of the price table used
 * @param timeToFirstTokenMs milliseconds from receipt to the first content byte (null if none)
 * @param latencyMs       milliseconds from receipt to completion
 * @param clientUser      the {@code user} field the client sent in the body
 * @param metadata        client-supplied metadata ({@code metadata} in the body), string values only
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageEvent(
        @JsonProperty("schema_version") int schemaVersion,
        @JsonProperty("event_id") UUID eventId,
        @JsonProperty("received_at") Instant receivedAt,
        @JsonProperty("first_token_at") @Nullable Instant firstTokenAt,
        @JsonProperty("completed_at") Instant completedAt,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("trace_id") @Nullable String traceId,
        @JsonProperty("tenant") String tenant,
        @JsonProperty("team") @Nullable String team,
        @JsonProperty("user") @Nullable String user,
        @JsonProperty("key_id") @Nullable String keyId,
        @JsonProperty("model") String model,
        @JsonProperty("provider") @Nullable String provider,
        @JsonProperty("upstream_model") @Nullable String upstreamModel,
        @JsonProperty("streamed") boolean streamed,
        @JsonProperty("http_status") int httpStatus,
        @JsonProperty("error_code") @Nullable String errorCode,
        @JsonProperty("outcome") Outcome outcome,
        @JsonProperty("usage") TokenUsage usage,
        @JsonProperty("cost_usd") BigDecimal costUsd,
        @JsonProperty("price_version") @Nullable String priceVersion,
        @JsonProperty("time_to_first_token_ms") @Nullable Long timeToFirstTokenMs,
        @JsonProperty("latency_ms") long latencyMs,
        @JsonProperty("client_user") @Nullable String clientUser,
        @JsonProperty("metadata") Map<String, String> metadata) {

    public static final String TOPIC = "sluice.usage.v1";
    public static final int SCHEMA_VERSION = 1;

    public UsageEvent {
        requireNonNull(eventId, "eventId");
        requireNonNull(receivedAt, "receivedAt");
        requireNonNull(completedAt, "completedAt");
        requireNonNull(requestId, "requestId");
        requireNonNull(tenant, "tenant");
        requireNonNull(model, "model");
        requireNonNull(outcome, "outcome");
        requireNonNull(usage, "usage");
        requireNonNull(costUsd, "costUsd");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
