package dev.sluice.pipeline.api;

import dev.sluice.pipeline.rollup.LatencyBuckets;
import org.jspecify.annotations.Nullable;

/**
 * Percentiles from the rollups' fixed-bucket histograms. Buckets as in {@link LatencyBuckets};
 * a percentile is reported as the upper bound of the bucket it falls in (so it never understates), or the last
 * bound when it falls above it.
 */
final class LatencyHistogram {

    static final long[] BOUNDS = LatencyBuckets.BOUNDS;

    private LatencyHistogram() {
    }

    static @Nullable Long percentile(Long @Nullable [] counts, double p) {
        if (counts == null) {
            return null;
        }
        long total = 0;
        for (Long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return BOUNDS[Math.min(i, BOUNDS.length - 1)];
            }
        }
        return BOUNDS[BOUNDS.length - 1];
    }
}
