package dev.sluice.loadtest.stream;

import dev.sluice.loadtest.report.ErrorCounts;
import dev.sluice.loadtest.report.Latencies;
import dev.sluice.loadtest.report.ProcessCpu;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Closed-loop load: {@code connections} users, each sending its next request as soon as the previous one ended,
 * for {@code duration}; requests still running then are awaited (and counted). A request succeeds when its status
 * is 200 and, if {@code expectStream}, its body ended with {@code data: [DONE]}. Requests sent during the first
 * {@code warmup} run the same way but are not counted (the client's and the server's JIT, connection set-up); the
 * users start spread over the warm-up, so long streams do not all begin and end together.
 */
public final class ClosedLoad {

    private final Target target;
    private final int connections;
    private final Duration duration;
    private final boolean expectStream;
    private final Duration warmup;
    private final ProcessCpu serverCpu;

    public ClosedLoad(Target target, int connections, Duration duration, boolean expectStream, Duration warmup,
                      ProcessCpu serverCpu) {
        this.warmup = warmup;
        this.serverCpu = serverCpu;
        this.target = target;
        this.connections = connections;
        this.duration = duration;
        this.expectStream = expectStream;
    }

    public Map<String, Object> run() {
        LoopResources loops = LoopResources.create("load", Math.max(2, Runtime.getRuntime().availableProcessors()), true);
        try {
            Exchange exchange = new Exchange(target.client("closed-load", connections, loops), target,
                    warmup.plus(duration).plusMinutes(1));
            Latencies total = new Latencies();
            Latencies ttft = new Latencies();
            ErrorCounts errors = new ErrorCounts();
            LongAdder ok = new LongAdder();
            LongAdder events = new LongAdder();
            long measureFrom = System.nanoTime() + warmup.toNanos();
            long deadline = measureFrom + duration.toNanos();
            double[] cpu = new double[2];
            Mono<Void> cpuWindow = serverCpu.isEmpty() ? Mono.empty()
                    : Mono.delay(warmup).doOnNext(t -> cpu[0] = serverCpu.seconds())
                    .then(Mono.delay(duration)).doOnNext(t -> cpu[1] = serverCpu.seconds()).then();
            Flux.range(0, connections)
                    .flatMap(user -> Mono.delay(Duration.ofNanos(warmup.toNanos() * user / connections))
                            .then(exchange.send()
                                    .filter(sample -> sample.startNanos() >= measureFrom)
                                    .doOnNext(sample -> record(sample, total, ttft, errors, ok, events))
                                    .repeat(() -> System.nanoTime() < deadline)
                                    .then()), connections)
                    .then()
                    .and(cpuWindow)
                    .block(warmup.plus(duration).plusMinutes(2));
            // requests started in the window and finished, over the window: the steady-state rate
            double elapsed = duration.toNanos() / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("connections", connections);
            out.put("seconds", elapsed);
            out.put("requests", total.count());
            out.put("ok", ok.sum());
            out.put("rps", ok.sum() / elapsed);
            if (!serverCpu.isEmpty()) {
                out.put("serverCpuSeconds", cpu[1] - cpu[0]);
            }
            out.put("events", events.sum());
            out.put("latency", total.summary());
            if (expectStream) {
                out.put("ttft", ttft.summary());
            }
            out.put("errors", errors.total());
            out.put("errorKinds", errors.snapshot());
            return out;
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    private void record(Sample sample, Latencies total, Latencies ttft, ErrorCounts errors, LongAdder ok,
                        LongAdder events) {
        total.recordNanos(sample.totalNanos());
        events.add(sample.events());
        if (sample.failure() != null) {
            errors.add(sample.failure());
        } else if (sample.status() != 200) {
            errors.add("status " + sample.status());
        } else if (expectStream && !sample.sawDone()) {
            errors.add("no [DONE]");
        } else {
            ok.increment();
            if (sample.ttftNanos() >= 0) {
                ttft.recordNanos(sample.ttftNanos());
            }
        }
    }
}
