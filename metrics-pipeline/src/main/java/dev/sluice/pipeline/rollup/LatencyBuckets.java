package dev.sluice.pipeline.rollup;

/**
 * The buckets of the rollups' latency and time-to-first-token histograms: {@code BOUNDS.length + 1} counts, bucket
 * {@code i} holding values in {@code [BOUNDS[i-1], BOUNDS[i])} (the first from 0, the last from the last bound up).
 * SQL function {@code usage_latency_bounds()} holds the same bounds, for ad-hoc queries.
 */
public final class LatencyBuckets {

    /** Upper bounds in milliseconds, exclusive. */
    public static final long[] BOUNDS = {10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000};

    private LatencyBuckets() {
    }

    /** The bucket a value falls in: the number of bounds at or below it. */
    public static int bucketOf(long millis) {
        int i = 0;
        while (i < BOUNDS.length && millis >= BOUNDS[i]) {
            i++;
        }
        return i;
    }

    public static int bucketCount() {
        return BOUNDS.length + 1;
    }
}
