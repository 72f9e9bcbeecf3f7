package dev.sluice.gateway.error;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
