package dev.sluice.loadtest.ratelimit;

import dev.sluice.loadtest.report.ErrorCounts;
import dev.sluice.loadtest.report.Latencies;
import dev.sluice.loadtest.stream.Exchange;
import dev.sluice.loadtest.stream.Sample;
import dev.sluice.loadtest.stream.Target;
import reactor.core.publisher.Flux;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends exactly {@code count} requests, {@code concurrency} at a time, and counts the answers by status, so the
 * benchmark script can hold them against the policy: how many were admitted (200), how many refused (429, each
 * with a {@code Retry-After}), and that nothing else happened.
 */
public final class Burst {

    private final Target target;
    private final int count;
    private final int concurrency;

    public Burst(Target target, int count, int concurrency) {
        this.target = target;
        this.count = count;
        this.concurrency = concurrency;
    }

    public Map<String, Object> run() {
        LoopResources loops = LoopResources.create("burst", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        try {
            Exchange exchange = new Exchange(target.client("burst", concurrency, loops), target, Duration.ofMinutes(2));
            ErrorCounts statuses = new ErrorCounts();
            LongAdder withoutRetryAfter = new LongAdder();
            Latencies latency = new Latencies();
            long start = System.nanoTime();
            Flux.range(0, count)
                    .flatMap(i -> exchange.send(), concurrency)
                    .doOnNext(sample -> count(sample, statuses, withoutRetryAfter, latency))
                    .then()
                    .block(Duration.ofMinutes(5));
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("count", count);
            out.put("concurrency", concurrency);
            out.put("seconds", elapsed);
            out.put("statuses", statuses.snapshot());
            out.put("429WithoutRetryAfter", withoutRetryAfter.sum());
            out.put("latency", latency.summary());
            return out;
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private static void count(Sample sample, ErrorCounts statuses, LongAdder withoutRetryAfter, Latencies latency) {
        latency.recordNanos(sample.totalNanos());
        if (sample.failure() != null) {
            statuses.add(sample.failure());
            return;
        }
        statuses.add(Integer.toString(sample.status()));
        if (sample.status() == 429 && sample.retryAfter() == null) {
            withoutRetryAfter.increment();
        }
    }
}
