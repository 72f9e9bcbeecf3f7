package dev.sluice.policy.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies the Redis failure policy where the decision is made. Fail-open admits through per-instance in-memory
 * buckets: a Redis outage must not take the gateway down, at the price of limits holding per instance instead of
 * across instances while it lasts. Fail-closed rejects instead, for deployments where a budget must never be passed.
 * Either way the failure is counted ({@code sluice.policy.redis.failures}) and logged at most every ten seconds.
 */
final class FailoverBucketStore implements BucketStore {

    private static final Logger log = LoggerFactory.getLogger(FailoverBucketStore.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final BucketStore primary;
    private final BucketStore fallback;
    private final RedisFailureMode mode;
    private final Counter failures;
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    FailoverBucketStore(BucketStore primary, BucketStore fallback, RedisFailureMode mode, MeterRegistry meters) {
        this.primary = primary;
        this.fallback = fallback;
        this.mode = mode;
        this.failures = Counter.builder("sluice.policy.redis.failures")
                .description("Reservations that could not reach Redis")
                .tag("mode", mode.name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
    }

    @Override
    public Mono<BucketDecision> reserve(String reservationId, List<BucketSpec> buckets, Duration hold) {
        return primary.reserve(reservationId, buckets, hold)
                .onErrorResume(e -> onFailure(e, reservationId, buckets, hold));
    }

    private Mono<BucketDecision> onFailure(Throwable e, String id, List<BucketSpec> buckets, Duration hold) {
        failures.increment();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            log.warn("Redis unreachable, {}: {}", mode == RedisFailureMode.FAIL_OPEN
                    ? "admitting with in-memory buckets" : "rejecting with 503", e.toString());
        }
        return mode == RedisFailureMode.FAIL_OPEN
                ? fallback.reserve(id, buckets, hold)
                : Mono.error(new BucketStoreUnavailableException(e));
    }

    @Override
    public Mono<Void> settle(String reservationId, List<BucketSettlement> settlements) {
        return primary.settle(reservationId, settlements);
    }
}
