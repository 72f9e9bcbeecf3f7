package dev.sluice.gateway.upstream;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The connection to one upstream: one pooled Reactor Netty {@link HttpClient}, created once per provider, with
 * its static headers and three timeouts: connect, first byte (response headers) and idle (gap between two body
 * reads, which bounds a stalled stream without bounding a long one). Errors come out as {@link GatewayException}s.
 */
public final class UpstreamClient {

    private static final Logger log = LoggerFactory.getLogger(UpstreamClient.class);
    private static final String IDLE_TIMEOUT_HANDLER = "sluice.idleTimeout";

    private final String provider;
    private final HttpClient http;
    /** {@code POST <uri>} senders, configured once per URI: each builder step of Reactor Netty copies its configuration. */
    private final Map<String, HttpClient.RequestSender> senders = new ConcurrentHashMap<>();
    private final long idleTimeoutMillis;
    private final long maxBodyBytes;

    private UpstreamClient(String provider, HttpClient http, Duration idleTimeout, long maxBodyBytes) {
        this.provider = provider;
        this.http = http;
        this.idleTimeoutMillis = idleTimeout.toMillis();
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * @param provider     the provider's name, for errors and the pool's name
     * @param headers      sent on every request (credentials, versions)
     * @param maxBodyBytes limit of {@link UpstreamResponse#aggregate()}
     */
    public static UpstreamClient create(String provider, Map<String, String> headers, Duration connectTimeout,
                                        Duration firstByteTimeout, Duration idleTimeout, int maxConnections,
                                        Duration maxIdleTime, long maxBodyBytes) {
        ConnectionProvider pool = ConnectionProvider.builder("sluice-" + provider)
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(connectTimeout.plus(firstByteTimeout))
                .maxIdleTime(maxIdleTime)
                .evictInBackground(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .responseTimeout(firstByteTimeout)
                .keepAlive(true)
                .headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                    headers.forEach(h::set);
                });
        return new UpstreamClient(provider, http, idleTimeout, maxBodyBytes);
    }

    public String provider() {
        return provider;
    }

    /** What to make of an upstream's response once its headers arrived; runs on the connection's event loop. */
    @FunctionalInterface
    public interface ResponseHandler<T> {

        /**
         * @param body the body as it arrives, errors already mapped to {@link GatewayException}s; each buffer
         *             belongs to Reactor Netty and is released after {@code onNext}: copy what you keep inside the
         *             operator that receives it
         */
        Publisher<T> handle(int status, HttpHeaders headers, Flux<ByteBuf> body);
    }

    /**
     * POSTs a JSON body and hands the response to {@code handler}, whose publisher is subscribed at once, so the body
     * is consumed in the same chain as the headers (never left unread on a pooled connection). Nothing is sent before
     * the returned flux is subscribed; cancelling it closes the upstream connection.
     */
    public <T> Flux<T> post(String uri, byte[] body, String requestId, String accept, ResponseHandler<T> handler) {
        return senders.computeIfAbsent(uri, this::sender)
                .send((request, out) -> {
                    request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    request.header(HttpHeaderNames.ACCEPT, accept);
                    request.header("x-request-id", requestId);
                    return out.send(Mono.just(Unpooled.wrappedBuffer(body)));
                })
                .responseConnection((response, connection) -> onHeaders(response, connection, handler))
                .onErrorMap(e -> !(e instanceof GatewayException), e -> toGatewayException(e, "first byte"))
                // The context as it is, captured once: Reactor Netty's operators above look it up several times per
                // request, and each lookup otherwise walks every operator down to the server's subscriber.
                .contextWrite(Function.identity());
    }

    /**
     * Given as a parsed {@link URI}: for a string, Reactor Netty matches its URL regex on every request (3 % of the
     * CPU of a proxied request in the profile, docs/benchmarks.md); for a URI it reads the parsed parts.
     */
    private HttpClient.RequestSender sender(String uri) {
        return http.post().uri(URI.create(uri));
    }

    private <T> Publisher<T> onHeaders(HttpClientResponse response, Connection connection, ResponseHandler<T> handler) {
        // From here the wait is bounded by the idle timeout between reads, not by the first-byte timeout.
        if (connection.channel().pipeline().get(NettyPipeline.ResponseTimeoutHandler) != null) {
            connection.channel().pipeline().remove(NettyPipeline.ResponseTimeoutHandler);
        }
        connection.addHandlerLast(IDLE_TIMEOUT_HANDLER, new ReadTimeoutHandler(idleTimeoutMillis, TimeUnit.MILLISECONDS));
        Flux<ByteBuf> body = connection.inbound().receive()
                .onErrorMap(e -> !(e instanceof GatewayException), e -> toGatewayException(e, "idle between chunks"));
        return Flux.from(handler.handle(response.status().code(), response.responseHeaders(), body))
                .onErrorMap(e -> !(e instanceof GatewayException), e -> toGatewayException(e, "idle between chunks"));
    }

    /** The limit of a non-streaming body read with {@link UpstreamBodies#aggregate}. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Maps a transport failure to what the client gets: timeouts 504, everything else 502. */
    public GatewayException toGatewayException(Throwable e, String timeoutPhase) {
        GatewayError error;
        if (e instanceof ConnectTimeoutException) {
            error = new GatewayError.UpstreamTimeout(provider, "connect");
        } else if (e instanceof ReadTimeoutException || e instanceof TimeoutException) {
            error = new GatewayError.UpstreamTimeout(provider, timeoutPhase);
        } else if (e instanceof ConnectException) {
            error = new GatewayError.UpstreamFailed(provider, "Upstream provider `" + provider + "` refused the connection.");
        } else if (e instanceof PrematureCloseException) {
            error = new GatewayError.UpstreamFailed(provider,
                    "Upstream provider `" + provider + "` closed the connection before the response completed.");
        } else if (e instanceof IllegalStateException tooLarge) {
            error = new GatewayError.UpstreamFailed(provider,
                    "Upstream provider `" + provider + "` failed: " + tooLarge.getMessage());
        } else {
            log.warn("Unexpected failure talking to provider {}", provider, e);
            error = new GatewayError.UpstreamFailed(provider,
                    "Upstream provider `" + provider + "` failed: " + e.getClass().getSimpleName());
        }
        return new GatewayException(error, e);
    }
}
