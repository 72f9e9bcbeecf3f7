package dev.sluice.gateway.usage;

import dev.sluice.usage.event.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's own request metrics ({@code sluice.requests}, {@code sluice.time.to.first.token}, {@code sluice.tokens},
 * {@code sluice.cost.usd}), registered once per label set and then looked up in a map: no tag building or registry
 * lookup per request. The label sets are bounded (configured providers and aliases × outcomes × statuses).
 */
final class UsageMeters {

    private final MeterRegistry registry;
    private final Map<RequestKey, Timer> requests = new ConcurrentHashMap<>();
    private final Map<ModelKey, ModelMeters> models = new ConcurrentHashMap<>();

    UsageMeters(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** The labels of one {@code sluice.requests} timer. */
    private record RequestKey(String provider, String model, Outcome outcome, int status, boolean stream) {
    }

    /** The labels shared by the per-model meters. */
    private record ModelKey(String provider, String model) {
    }

    /** The meters of one provider and model. */
    private record ModelMeters(Timer timeToFirstToken, Counter prompt, Counter completion, Counter cached, Counter cost) {
    }

    void request(String provider, String model, Outcome outcome, int status, boolean stream, long latencyMs) {
        requests.computeIfAbsent(new RequestKey(provider, model, outcome, status, stream), this::requestTimer)
                .record(latencyMs, TimeUnit.MILLISECONDS);
    }

    void timeToFirstToken(String provider, String model, long millis) {
        model(provider, model).timeToFirstToken().record(millis, TimeUnit.MILLISECONDS);
    }

    void tokens(String provider, String model, long prompt, long completion, long cached, double costUsd) {
        ModelMeters meters = model(provider, model);
        add(meters.prompt(), prompt);
        add(meters.completion(), completion);
        add(meters.cached(), cached);
        meters.cost().increment(costUsd);
    }

    private static void add(Counter counter, long tokens) {
        if (tokens > 0) {
            counter.increment(tokens);
        }
    }

    private ModelMeters model(String provider, String model) {
        return models.computeIfAbsent(new ModelKey(provider, model), this::modelMeters);
    }

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("sluice.requests")
                .description("Requests through the gateway, by how they ended")
                .tag("provider", key.provider()).tag("model", key.model())
                .tag("outcome", key.outcome().name().toLowerCase(Locale.ROOT))
                .tag("status", Integer.toString(key.status()))
                .tag("stream", Boolean.toString(key.stream()))
                .register(registry);
    }

    private ModelMeters modelMeters(ModelKey key) {
        return new ModelMeters(
                Timer.builder("sluice.time.to.first.token")
                        .tag("provider", key.provider()).tag("model", key.model())
                        .register(registry),
                tokenCounter("prompt", key),
                tokenCounter("completion", key),
                tokenCounter("cached", key),
                registry.counter("sluice.cost.usd", "provider", key.provider(), "model", key.model()));
    }

    private Counter tokenCounter(String kind, ModelKey key) {
        return registry.counter("sluice.tokens", "provider", key.provider(), "model", key.model(), "kind", kind);
    }
}
