package dev.sluice.policy.ratelimit;

import java.util.List;

/**
 * The result of reserving across buckets.
 *
 * @param failedIndex the bucket that rejected, -1 when admitted
 * @param states      one per bucket, in the order asked
 * @param settler     where the reservation must be settled (the store that took it; matters for fail-open)
 */
public record BucketDecision(boolean admitted, int failedIndex, List<BucketState> states, BucketStore settler) {

    public BucketDecision {
        states = List.copyOf(states);
    }
}
