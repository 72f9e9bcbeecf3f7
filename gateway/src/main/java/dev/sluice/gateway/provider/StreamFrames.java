package dev.sluice.gateway.provider;

import dev.sluice.gateway.upstream.SseEvent;
import dev.sluice.gateway.upstream.SseEventSplitter;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.function.Function;

/** Turns an upstream SSE body into client frames: split into events as bytes arrive, translate each event. */
public final class StreamFrames {

    private StreamFrames() {
    }

    /**
     * For a body read from the network. Each buffer is split (copied) inside {@code map}, synchronously in its
     * {@code onNext}: an operator with a prefetch queue ({@code concatMapIterable}) would hold it past the moment
     * Reactor Netty releases it.
     */
    public static Flux<byte[]> fromBody(Flux<ByteBuf> body, Function<SseEvent, List<byte[]>> translator) {
        return Flux.defer(() -> {
            SseEventSplitter splitter = new SseEventSplitter();
            return body.map(splitter::feed).concatMapIterable(events -> events).concatMapIterable(translator);
        });
    }

    /** For frames produced in process (the mock provider). */
    public static Flux<byte[]> fromFrames(Flux<byte[]> frames, Function<SseEvent, List<byte[]>> translator) {
        return Flux.defer(() -> {
            SseEventSplitter splitter = new SseEventSplitter();
            return frames.concatMapIterable(splitter::feed).concatMapIterable(translator);
        });
    }
}
