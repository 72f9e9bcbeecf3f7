package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;

/** Reading a whole (non-streaming) upstream body, up to a limit. */
public final class UpstreamBodies {

    private UpstreamBodies() {
    }

    /**
     * The whole body; an upstream sending more than {@code maxBytes} fails with {@link IllegalStateException}.
     * Each buffer is copied inside the operator that receives it (Reactor Netty releases it afterwards).
     */
    public static Mono<byte[]> aggregate(Flux<ByteBuf> body, long maxBytes) {
        return body.collect(ByteArrayOutputStream::new, (out, chunk) -> copyInto(out, chunk, maxBytes))
                .map(ByteArrayOutputStream::toByteArray);
    }

    private static void copyInto(ByteArrayOutputStream out, ByteBuf chunk, long maxBytes) {
        int n = chunk.readableBytes();
        if (out.size() + (long) n > maxBytes) {
            throw new IllegalStateException("upstream response body exceeds " + maxBytes + " bytes");
        }
        byte[] bytes = new byte[n];
        chunk.getBytes(chunk.readerIndex(), bytes);
        out.writeBytes(bytes);
    }
}
