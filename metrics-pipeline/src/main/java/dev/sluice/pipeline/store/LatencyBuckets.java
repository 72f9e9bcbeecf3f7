package dev.sluice.pipeline.store;

import java.util.StringJoiner;

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

    /** An SQL aggregate expression counting {@code column} into the buckets, as a {@code bigint[]}. */
    static String countsSql(String column) {
        StringJoiner counts = new StringJoiner(", ", "ARRAY[", "]::bigint[]");
        long lower = -1;
        for (long upper : BOUNDS) {
            counts.add("count(*) FILTER (WHERE " + column + (lower < 0 ? "" : " >= " + lower + " AND " + column)
                    + " < " + upper + ")");
            lower = upper;
        }
        counts.add("count(*) FILTER (WHERE " + column + " >= " + lower + ")");
        return counts.toString();
    }
}
