package dev.sluice.loadtest.report;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A latency distribution in microseconds (1 µs to 10 min, 3 significant digits), recorded from any thread. */
public final class Latencies {

    private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

    public void recordNanos(long nanos) {
        histogram.recordValue(Math.max(1, Math.min(histogram.getHighestTrackableValue(), nanos / 1_000)));
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** Percentile in milliseconds. */
    public double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    public double maxMillis() {
        return histogram.getMaxValue() / 1_000.0;
    }

    /** {@code {count, p50, p90, p99, p999, max, mean}} in milliseconds, for the JSON report. */
    public Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count());
        out.put("p50", percentileMillis(50));
        out.put("p90", percentileMillis(90));
        out.put("p99", percentileMillis(99));
        out.put("p999", percentileMillis(99.9));
        out.put("max", maxMillis());
        out.put("mean", histogram.getMean() / 1_000.0);
        return out;
    }
}
