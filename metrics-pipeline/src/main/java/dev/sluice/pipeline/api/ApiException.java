package dev.sluice.pipeline.api;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** An error the usage API answers with, rendered in OpenAI's shape {@code {"error":{message,type,param,code}}}. */
final class ApiException extends RuntimeException {

    final HttpStatus status;
    final String type;
    final @Nullable String param;
    final String code;

    private ApiException(HttpStatus status, String type, @Nullable String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    static ApiException invalidParameter(String param, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request_error", param, "invalid_parameter", message);
    }

    static ApiException unauthenticated(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_request_error", null, "invalid_api_key", message);
    }

    static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "invalid_request_error", "tenant", "tenant_forbidden", message);
    }
}
