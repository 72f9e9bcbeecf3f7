package dev.sluice.policy.budget;

import reactor.core.publisher.Mono;

/**
 * The spend a budget window had reached, as kept outside Redis: what a budget counter is rebuilt from when Redis
 * has lost it (a restart without persistence, an eviction, a new window).
 */
@FunctionalInterface
public interface DurableSpendSource {

    /** Micro-USD spent in the budget bucket named {@code durableKey} ({@code tenant|bucket name with window}); 0 if none. */
    Mono<Long> spentMicros(String durableKey);

    /** Nothing durable: budgets start from zero (the embedded default, whose buckets live in memory anyway). */
    static DurableSpendSource none() {
        return key -> Mono.just(0L);
    }
}
