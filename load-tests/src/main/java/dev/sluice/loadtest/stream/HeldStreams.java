package dev.sluice.loadtest.stream;

import dev.sluice.loadtest.report.ErrorCounts;
import dev.sluice.loadtest.report.Latencies;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens {@code streams} slow streams, ramping up over {@code ramp}, and holds them until each ends on its own
 * (the upstream's pacing decides how long). Meanwhile a probe, on its own event loop, sends a small GET every
 * {@code probeInterval}: its latency shows whether the target's event loops stalled while holding the streams.
 * Each stream's longest gap between two chunks, minus the pacing, is the stall a client saw.
 */
public final class HeldStreams {

    private final Target target;
    private final int streams;
    private final Duration ramp;
    private final Duration expectedGap;
    private final @Nullable String probeUrl;
    private final Duration probeInterval;

    public HeldStreams(Target target, int streams, Duration ramp, Duration expectedGap, @Nullable String probeUrl,
                       Duration probeInterval) {
        this.target = target;
        this.streams = streams;
        this.ramp = ramp;
        this.expectedGap = expectedGap;
        this.probeUrl = probeUrl;
        this.probeInterval = probeInterval;
    }

    public Map<String, Object> run() {
        LoopResources loops = LoopResources.create("held", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        LoopResources probeLoop = LoopResources.create("probe", 1, true);
        try {
            Exchange exchange = new Exchange(target.client("held", streams, loops), target, Duration.ofMinutes(5));
            Latencies ttft = new Latencies();
            Latencies total = new Latencies();
            Latencies gapExcess = new Latencies();
            Latencies probe = new Latencies();
            ErrorCounts errors = new ErrorCounts();
            ErrorCounts probeErrors = new ErrorCounts();
            LongAdder ok = new LongAdder();
            AtomicInteger open = new AtomicInteger();
            LongAccumulator peak = new LongAccumulator(Math::max, 0);
            int batches = (int) Math.max(1, ramp.toMillis() / 10);
            int perBatch = (streams + batches - 1) / batches;
            long start = System.nanoTime();
            Flux<Sample> held = Flux.interval(Duration.ofMillis(10))
                    .take(batches)
                    .concatMap(batch -> Flux.range(0, (int) Math.max(0, Math.min(perBatch, streams - batch * perBatch))))
                    .flatMap(i -> exchange.send()
                            .doOnSubscribe(s -> peak.accumulate(open.incrementAndGet()))
                            .doFinally(signal -> open.decrementAndGet()), streams);
            Mono<Void> probing = probeUrl == null ? Mono.empty()
                    : probe(probeUrl, probeLoop, probe, probeErrors).then();
            Mono<Void> streamsDone = held.doOnNext(sample -> {
                        total.recordNanos(sample.totalNanos());
                        if (sample.failure() != null) {
                            errors.add(sample.failure());
                        } else if (sample.status() != 200) {
                            errors.add("status " + sample.status());
                        } else if (!sample.sawDone()) {
                            errors.add("no [DONE]");
                        } else {
                            ok.increment();
                            ttft.recordNanos(sample.ttftNanos());
                            gapExcess.recordNanos(Math.max(0, sample.maxGapNanos() - expectedGap.toNanos()));
                        }
                    })
                    .then()
                    .cache();
            Mono.when(streamsDone, probing.takeUntilOther(streamsDone)).block(Duration.ofMinutes(10));
            double elapsed = (System.nanoTime() - start) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("streams", streams);
            out.put("seconds", elapsed);
            out.put("ok", ok.sum());
            out.put("peakOpen", peak.get());
            out.put("ttft", ttft.summary());
            out.put("latency", total.summary());
            out.put("gapExcess", gapExcess.summary());
            out.put("probe", probe.summary());
            out.put("probeErrors", probeErrors.snapshot());
            out.put("errors", errors.total());
            out.put("errorKinds", errors.snapshot());
            return out;
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
            probeLoop.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private Flux<Long> probe(String url, LoopResources loop, Latencies probe, ErrorCounts probeErrors) {
        HttpClient client = HttpClient.create(ConnectionProvider.create("probe", 1)).runOn(loop).keepAlive(true);
        return Flux.interval(probeInterval)
                .onBackpressureDrop()
                .concatMap(tick -> {
                    long start = System.nanoTime();
                    return client.get().uri(url)
                            .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                            .timeout(Duration.ofSeconds(10))
                            .doOnNext(status -> {
                                probe.recordNanos(System.nanoTime() - start);
                                if (status != 200) {
                                    probeErrors.add("status " + status);
                                }
                            })
                            .onErrorResume(e -> {
                                probeErrors.add(e.getClass().getSimpleName());
                                return Mono.empty();
                            })
                            .thenReturn(tick);
                }, 1);
    }
}
