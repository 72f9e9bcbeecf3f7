package dev.sluice.gateway.error;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Whatever escapes the handlers (no such route, wrong method, a bug) still answers in OpenAI's error shape,
 * never Spring's default page or a stack trace. Runs before Spring Boot's own handler.
 */
@Component
@Order(-2)
public class OpenAiErrorWebExceptionHandler implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        GatewayError error = error(exchange, ex);
        int status = ex instanceof ResponseStatusException rse && !(ex instanceof GatewayException)
                ? rse.getStatusCode().value() : OpenAiErrors.status(error);
        response.setStatusCode(HttpStatusCode.valueOf(status));
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        if (ex instanceof GatewayException gateway) {
            gateway.headers().forEach(response.getHeaders()::set);
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(OpenAiErrors.body(error))));
    }

    private static GatewayError error(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ResponseStatusException rse) {
            int status = rse.getStatusCode().value();
            String method = exchange.getRequest().getMethod().name();
            String path = exchange.getRequest().getPath().value();
            if (status == 404) {
                return new GatewayError.RouteNotFound(method, path);
            }
            if (status == 405) {
                return new GatewayError.MethodNotAllowed(method, path);
            }
            if (status < 500) {
                return new GatewayError.InvalidRequest(rse.getReason() != null ? rse.getReason() : "Bad request.",
                        null, "invalid_request");
            }
        }
        return ErrorResponses.toError(ex);
    }
}
