package dev.sluice.loadtest.stream;

import dev.sluice.loadtest.sse.SseScanner;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

/**
 * Sends one request and reads its body through an {@link SseScanner}, stamping time to first {@code data:} and
 * the longest gap between chunks. It never errors: a failure becomes a {@link Sample} with {@code failure} set.
 */
public final class Exchange {

    private final HttpClient client;
    private final Target target;
    private final Duration timeout;

    public Exchange(HttpClient client, Target target, Duration timeout) {
        this.client = client;
        this.target = target;
        this.timeout = timeout;
    }

    public Mono<Sample> send() {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return client.post()
                    .uri(target.path())
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(target.body())))
                    .response((response, body) -> {
                        SseScanner scanner = new SseScanner();
                        long[] times = {-1, 0, 0}; // ttft, last chunk (0 before the first), max gap
                        return body.doOnNext(chunk -> {
                                    long now = System.nanoTime();
                                    if (scanner.feed(chunk)) {
                                        times[0] = now - start;
                                    }
                                    if (times[1] != 0) {
                                        times[2] = Math.max(times[2], now - times[1]);
                                    }
                                    times[1] = now;
                                })
                                .then(Mono.fromSupplier(() -> new Sample(start, response.status().code(), times[0],
                                        System.nanoTime() - start, scanner.sawDone(), scanner.events(), times[2],
                                        response.responseHeaders().get("retry-after"), null)));
                    })
                    .next()
                    .timeout(timeout)
                    .onErrorResume(e -> Mono.just(Sample.failed(e, start, System.nanoTime() - start)));
        });
    }
}
