package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import java.io.ByteArrayOutputStream;

/**
 * An upstream's response once its headers arrived. The body must be consumed ({@link #body()},
 * {@link #aggregate()}) or {@link #discard() discarded}: the pooled connection is held until then.
 *
 * <p>Buffers in {@link #body()} belong to Reactor Netty and are released after each {@code onNext} returns:
 * copy what you keep inside the operator that receives them.
 */
public final class UpstreamResponse {

    private final int status;
    private final HttpHeaders headers;
    private final Flux<ByteBuf> body;
    private final Connection connection;
    private final long maxBodyBytes;

    UpstreamResponse(int status, HttpHeaders headers, Flux<ByteBuf> body, Connection connection, long maxBodyBytes) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.connection = connection;
        this.maxBodyBytes = maxBodyBytes;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The body as it arrives; errors are already mapped to {@code GatewayException}s. */
    public Flux<ByteBuf> body() {
        return body;
    }

    /** The whole body, up to the configured limit (an upstream sending more fails with 502). */
    public Mono<byte[]> aggregate() {
        return body.collect(ByteArrayOutputStream::new, this::copyInto)
                .map(ByteArrayOutputStream::toByteArray);
    }

    /** Closes the connection without reading the body. */
    public void discard() {
        connection.dispose();
    }

    private void copyInto(ByteArrayOutputStream out, ByteBuf chunk) {
        int n = chunk.readableBytes();
        if (out.size() + (long) n > maxBodyBytes) {
            throw new IllegalStateException("upstream response body exceeds " + maxBodyBytes + " bytes");
        }
        byte[] bytes = new byte[n];
        chunk.getBytes(chunk.readerIndex(), bytes);
        out.writeBytes(bytes);
    }
}
