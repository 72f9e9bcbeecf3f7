package dev.sluice.policy.admission;

import reactor.core.publisher.Mono;

import java.math.BigDecimal;

/** What admission took from the buckets and budgets; settled once with the real usage when the response ends. */
public interface Reservation {

    Reservation NONE = (tokens, costUsd) -> Mono.empty();

    /** Returns the difference between the reserved and the real tokens and cost; called once, streams included. */
    Mono<Void> settle(long actualTokens, BigDecimal actualCostUsd);
}
