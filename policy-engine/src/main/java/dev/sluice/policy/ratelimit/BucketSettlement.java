package dev.sluice.policy.ratelimit;

/**
 * How one bucket settles.
 *
 * @param amount rate: tokens given back (reserved minus actual; negative charges the overshoot); concurrency: ignored
 *               (the slot is released); budget: the real cost in micro-USD
 */
public record BucketSettlement(BucketSpec bucket, long amount) {
}
