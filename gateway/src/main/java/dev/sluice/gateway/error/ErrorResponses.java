package dev.sluice.gateway.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.Map;

/** Renders errors as HTTP responses in OpenAI's shape; the one place a Throwable becomes a {@link GatewayError}. */
public final class ErrorResponses {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** The error a throwable stands for; anything not a {@link GatewayException} is a bug, logged with its cause. */
    public static GatewayError toError(Throwable e) {
        if (e instanceof GatewayException gateway) {
            return gateway.error();
        }
        log.error("Unexpected failure", e);
        return new GatewayError.Internal("The gateway failed to process the request. It has been logged.");
    }

    public static Map<String, String> headers(Throwable e) {
        return e instanceof GatewayException gateway ? gateway.headers() : Map.of();
    }

    /**
     * Writes an error straight onto a response that is not committed yet (a stream that failed before its first
     * frame); a committed one can only be closed.
     */
    public static Mono<Void> write(ServerHttpResponse response, Throwable e) {
        if (response.isCommitted()) {
            return Mono.error(e);
        }
        GatewayError error = toError(e);
        response.setStatusCode(HttpStatusCode.valueOf(OpenAiErrors.status(error)));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.remove(HttpHeaders.CACHE_CONTROL);
        headers.remove("x-accel-buffering");
        headers(e).forEach(headers::set);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(OpenAiErrors.body(error))));
    }

    public static Mono<ServerResponse> render(GatewayError error, Map<String, String> headers) {
        return ServerResponse.status(OpenAiErrors.status(error))
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    headers.forEach(h::set);
                    if (error instanceof GatewayError.RateLimited limited) {
                        h.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limited.retryAfter().toSeconds()
                                + (limited.retryAfter().toMillisPart() > 0 ? 1 : 0))));
                    }
                })
                .bodyValue(OpenAiErrors.body(error));
    }
}
