package dev.sluice.policy.ratelimit;

/**
 * A bucket after a reservation.
 *
 * @param remaining   what is left after this request (negative for a soft budget passed)
 * @param resetMillis for an admitted rate bucket: until it is full again; for the bucket that rejected: retry after
 * @param over        a soft budget this request passes
 */
public record BucketState(long remaining, long resetMillis, boolean over) {
}
