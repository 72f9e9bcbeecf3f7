package dev.sluice.loadtest.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Where the load goes: one base URL (127.0.0.1 only), one path, one JSON body and an optional bearer credential.
 *
 * @param baseUrl       e.g. {@code http://127.0.0.1:18081}
 * @param path          e.g. {@code /v1/chat/completions}
 * @param body          the request body, sent as is on every request
 * @param authorization the {@code Authorization} header value, or null
 */
public record Target(String baseUrl, String path, byte[] body, @Nullable String authorization) {

    public Target {
        if (!baseUrl.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("load goes to 127.0.0.1 only: " + baseUrl);
        }
    }

    public static Target of(String baseUrl, String path, String body, @Nullable String authorization) {
        return new Target(baseUrl, path, body.getBytes(StandardCharsets.UTF_8), authorization);
    }

    /**
     * One client with its own pool of at most {@code connections} keep-alive connections; requests beyond that
     * wait for a free connection (closed-loop load keeps exactly that many in flight).
     */
    public HttpClient client(String name, int connections, LoopResources loops) {
        ConnectionProvider pool = ConnectionProvider.builder(name)
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .build();
        return HttpClient.create(pool)
                .runOn(loops)
                .baseUrl(baseUrl)
                .keepAlive(true)
                .headers(h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                    h.set(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
                    if (authorization != null) {
                        h.set(HttpHeaderNames.AUTHORIZATION, authorization);
                    }
                });
    }
}
