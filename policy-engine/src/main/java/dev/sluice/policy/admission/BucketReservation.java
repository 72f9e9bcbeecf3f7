package dev.sluice.policy.admission;

import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.ratelimit.BucketSettlement;
import dev.sluice.policy.ratelimit.BucketSpec;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.rules.Money;
import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one admitted request took. Settling gives back unused tokens (or charges the overshoot), releases the
 * concurrency slot and turns the held budget into real spend, which is also recorded durably. Only the first settle
 * counts. A failed settlement is logged and counted and completes empty: the holds then expire on their own.
 */
final class BucketReservation implements Reservation {

    private static final Logger log = LoggerFactory.getLogger(BucketReservation.class);

    private final String id;
    private final List<BucketSpec> buckets;
    private final long reservedTokens;
    private final BucketStore store;
    private final SpendRecorder spend;
    private final Counter failures;
    private final AtomicBoolean settled = new AtomicBoolean();

    BucketReservation(String id, List<BucketSpec> buckets, long reservedTokens, BucketStore store, SpendRecorder spend,
                      Counter failures) {
        this.id = id;
        this.buckets = buckets;
        this.reservedTokens = reservedTokens;
        this.store = store;
        this.spend = spend;
        this.failures = failures;
    }

    /** @param actualTokens prompt plus completion tokens as the upstream reported (or the gateway counted) them */
    @Override
    public Mono<Void> settle(long actualTokens, BigDecimal actualCostUsd) {
        if (!settled.compareAndSet(false, true)) {
            return Mono.empty();
        }
        long costMicros = Money.toMicros(actualCostUsd.max(BigDecimal.ZERO));
        List<BucketSettlement> settlements = new ArrayList<>(buckets.size());
        for (BucketSpec b : buckets) {
            switch (b.kind()) {
                case RATE -> {
                    if (b.name().endsWith(":tpm")) {
                        settlements.add(new BucketSettlement(b, reservedTokens - actualTokens));
                    }
                }
                case CONCURRENCY -> settlements.add(new BucketSettlement(b, 0));
                case BUDGET_STRICT, BUDGET_SOFT -> {
                    settlements.add(new BucketSettlement(b, costMicros));
                    if (b.durableKey() != null) {
                        spend.record(b.durableKey(), costMicros);
                    }
                }
            }
        }
        return store.settle(id, settlements)
                .onErrorResume(e -> {
                    failures.increment();
                    log.warn("settling reservation {} failed, its holds will expire: {}", id, e.toString());
                    return Mono.empty();
                });
    }
}
