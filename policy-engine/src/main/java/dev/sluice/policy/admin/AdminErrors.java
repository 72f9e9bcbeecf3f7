package dev.sluice.policy.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/** Admin API errors in OpenAI's shape {@code {"error":{"message","type","param","code"}}}. */
final class AdminErrors {

    private AdminErrors() {
    }

    static Mono<ServerResponse> error(HttpStatus status, String code, String message, @Nullable String param) {
        Map<String, @Nullable Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", status.is4xxClientError() ? "invalid_request_error" : "server_error");
        error.put("param", param);
        error.put("code", code);
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("error", error));
    }

    static Mono<ServerResponse> notFound(String what) {
        return error(HttpStatus.NOT_FOUND, "not_found", what + " not found", null);
    }

    static Mono<ServerResponse> badRequest(String message, @Nullable String param) {
        return error(HttpStatus.BAD_REQUEST, "invalid_request", message, param);
    }
}
