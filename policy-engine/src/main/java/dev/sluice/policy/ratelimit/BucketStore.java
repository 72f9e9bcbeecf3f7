package dev.sluice.policy.ratelimit;

import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/** Counts requests, tokens, slots and spend: reserves before a request, settles after it. */
public interface BucketStore {

    /**
     * Checks every bucket and, only if all admit, takes the cost from each, atomically.
     *
     * @param hold how long an unsettled reservation keeps a concurrency slot or budget amount
     */
    Mono<BucketDecision> reserve(String reservationId, List<BucketSpec> buckets, Duration hold);

    /** Settles a reservation with the real usage; idempotent for slots and budgets once their hold expired. */
    Mono<Void> settle(String reservationId, List<BucketSettlement> settlements);
}
