package dev.sluice.pipeline.rollup;

import dev.sluice.usage.event.UsageEvent;

import java.math.BigDecimal;

/** The sums of one rollup row, as the batch adds to it; mutable, confined to the thread building the batch. */
public final class RollupTotals {

    private long requests;
    private long errors;
    private long promptTokens;
    private long completionTokens;
    private long cachedTokens;
    private long cacheWriteTokens;
    private BigDecimal costUsd = BigDecimal.ZERO;
    private long latencyMsSum;
    private long ttftMsSum;
    private long ttftCount;
    private final long[] latencyHistogram = new long[LatencyBuckets.bucketCount()];
    private final long[] ttftHistogram = new long[LatencyBuckets.bucketCount()];

    void add(UsageEvent event) {
        requests++;
        if (event.httpStatus() >= 400) {
            errors++;
        }
        promptTokens += event.usage().promptTokens();
        completionTokens += event.usage().completionTokens();
        cachedTokens += event.usage().cachedTokens();
        cacheWriteTokens += event.usage().cacheWriteTokens();
        costUsd = costUsd.add(event.costUsd());
        latencyMsSum += event.latencyMs();
        latencyHistogram[LatencyBuckets.bucketOf(event.latencyMs())]++;
        Long ttft = event.timeToFirstTokenMs();
        if (ttft != null) {
            ttftMsSum += ttft;
            ttftCount++;
            ttftHistogram[LatencyBuckets.bucketOf(ttft)]++;
        }
    }

    public long requests() {
        return requests;
    }

    public long errors() {
        return errors;
    }

    public long promptTokens() {
        return promptTokens;
    }

    public long completionTokens() {
        return completionTokens;
    }

    public long cachedTokens() {
        return cachedTokens;
    }

    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    public BigDecimal costUsd() {
        return costUsd;
    }

    public long latencyMsSum() {
        return latencyMsSum;
    }

    public long ttftMsSum() {
        return ttftMsSum;
    }

    public long ttftCount() {
        return ttftCount;
    }

    /** Counts per {@link LatencyBuckets} bucket; the caller must not change the array. */
    public long[] latencyHistogram() {
        return latencyHistogram;
    }

    /** Counts per {@link LatencyBuckets} bucket of the events with a time to first token. */
    public long[] ttftHistogram() {
        return ttftHistogram;
    }
}
