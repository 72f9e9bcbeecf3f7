package dev.sluice.gateway.usage;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.OpenAiErrors;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventIds;
import dev.sluice.usage.event.UsageSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Closes a request's account exactly once, whichever way it ended: works out its tokens (the provider's count, or
 * the gateway's own with a tokenizer when the provider reported none), its cost at the model's price, settles the
 * admission reservation, records metrics, and hands one {@link UsageEvent} to the {@link UsageSink}.
 */
public final class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final UsageSink sink;
    private final TokenCounter tokenCounter;
    private final UsageMeters meters;

    public UsageRecorder(UsageSink sink, TokenCounter tokenCounter, MeterRegistry meters) {
        this.sink = sink;
        this.tokenCounter = tokenCounter;
        this.meters = new UsageMeters(meters);
    }

    /**
     * @param outcome how the request ended
     * @param status  the HTTP status the client got (200 for a stream, even one that failed midway)
     */
    public void finish(RequestUsage request, Outcome outcome, int status) {
        if (!request.close()) {
            return;
        }
        try {
            UsageEvent event = event(request, outcome, status);
            settle(request, event);
            record(event);
            sink.offer(event);
        } catch (RuntimeException bug) {
            log.error("Could not record usage of request {}", request.requestId(), bug);
        }
    }

    private UsageEvent event(RequestUsage request, Outcome outcome, int status) {
        ModelRoute route = request.route();
        TokenUsage usage = tokens(request, outcome);
        BigDecimal cost = route == null ? BigDecimal.ZERO
                : route.price().cost(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
                usage.cacheWriteTokens());
        long now = System.nanoTime();
        Instant completedAt = request.receivedAt().plusNanos(now - request.receivedNanos());
        long firstToken = request.firstTokenNanos();
        Long ttftMs = firstToken == 0 ? null : TimeUnit.NANOSECONDS.toMillis(firstToken - request.receivedNanos());
        Instant firstTokenAt = firstToken == 0 ? null : request.receivedAt().plusNanos(firstToken - request.receivedNanos());
        GatewayError error = request.error();
        var caller = request.caller();
        return new UsageEvent(
                UsageEvent.SCHEMA_VERSION,
                UsageEventIds.next(),
                request.receivedAt(),
                firstTokenAt,
                completedAt,
                request.requestId(),
                request.traceId(),
                caller.tenant(),
                caller.team(),
                caller.user(),
                caller.keyId(),
                request.model(),
                route == null ? null : route.providerName(),
                route == null ? null : upstreamModel(request, route),
                request.streamed(),
                status,
                error == null ? (outcome == Outcome.CANCELLED ? "client_cancelled" : null) : OpenAiErrors.code(error),
                outcome,
                usage,
                cost,
                route == null ? null : route.priceVersion(),
                ttftMs,
                TimeUnit.NANOSECONDS.toMillis(now - request.receivedNanos()),
                request.clientUser(),
                request.metadata());
    }

    /**
     * The provider's count when it gave one. Otherwise the gateway counts: for a cancelled request the prompt and
     * what was streamed so far; for a failed one only if some of it reached the client; nothing when no upstream
     * was called.
     */
    private TokenUsage tokens(RequestUsage request, Outcome outcome) {
        UsageMeter meter = request.meter();
        if (meter.providerReported()) {
            return new TokenUsage(meter.promptTokens(), meter.completionTokens(), meter.cachedTokens(),
                    meter.cacheWriteTokens(), UsageSource.PROVIDER);
        }
        ModelRoute route = request.route();
        JsonNode body = request.body();
        boolean consumed = switch (outcome) {
            case COMPLETED, CANCELLED -> request.wasUpstreamCalled();
            case FAILED -> request.firstTokenNanos() != 0;
            case REJECTED -> false;
        };
        if (!consumed || route == null || body == null) {
            return TokenUsage.NONE;
        }
        String model = route.upstreamModel();
        return new TokenUsage(tokenCounter.countPrompt(body, model), tokenCounter.count(meter.completionText(), model),
                0, 0, UsageSource.GATEWAY);
    }

    private static String upstreamModel(RequestUsage request, ModelRoute route) {
        String reported = request.meter().upstreamModel();
        return reported != null ? reported : route.upstreamModel();
    }

    private void settle(RequestUsage request, UsageEvent event) {
        request.reservation()
                .settle(event.usage().totalTokens(), event.costUsd())
                .subscribe(null, e -> log.warn("Could not settle the reservation of request {}: {}",
                        request.requestId(), e.toString()));
    }

    private void record(UsageEvent event) {
        String provider = event.provider() == null ? "none" : event.provider();
        String model = event.provider() == null ? "unknown" : event.model();
        meters.request(provider, model, event.outcome(), event.httpStatus(), event.streamed(), event.latencyMs());
        if (event.timeToFirstTokenMs() != null) {
            meters.timeToFirstToken(provider, model, event.timeToFirstTokenMs());
        }
        TokenUsage usage = event.usage();
        if (usage.source() != UsageSource.NONE) {
            meters.tokens(provider, model, usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
                    event.costUsd().doubleValue());
        }
    }
}
