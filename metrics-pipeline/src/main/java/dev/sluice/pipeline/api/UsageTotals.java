package dev.sluice.pipeline.api;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Usage summed over one period or group (JSON in snake_case).
 *
 * @param start    the period's start (null in a summary)
 * @param model    the model alias (only in a summary's {@code by_model})
 * @param latencyMs average and percentile estimates of total latency
 * @param ttftMs   average and percentile estimates of time to first token
 */
record UsageTotals(@Nullable Instant start, @Nullable String model, long requests, long errors, long promptTokens,
                   long completionTokens, long cachedTokens, long cacheWriteTokens, BigDecimal costUsd,
                   Latency latencyMs, Latency ttftMs) {

    /** Milliseconds: average, and p50/p95/p99 upper-bound estimates from the histogram. */
    record Latency(@Nullable Long avg, @Nullable Long p50, @Nullable Long p95, @Nullable Long p99) {

        static Latency of(long sum, long count, Long @Nullable [] histogram) {
            return new Latency(count == 0 ? null : sum / count, LatencyHistogram.percentile(histogram, 0.50),
                    LatencyHistogram.percentile(histogram, 0.95), LatencyHistogram.percentile(histogram, 0.99));
        }
    }
}
