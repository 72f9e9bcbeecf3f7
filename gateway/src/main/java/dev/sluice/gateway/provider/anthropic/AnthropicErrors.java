package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;

/**
 * Anthropic errors → {@link GatewayError}. 4xx are passed on as {@code UpstreamRejected} with the upstream
 * status and message and an OpenAI error type/code; 5xx (including Anthropic's 529 overloaded) become
 * {@code UpstreamFailed} (502), since the client's request was not at fault.
 */
final class AnthropicErrors {

    private AnthropicErrors() {
    }

    /** An HTTP error response: its status and body ({@code {"type":"error","error":{"type","message"}}}). */
    static GatewayError fromResponse(int status, byte[] body, String provider) {
        JsonNode error = parseError(body);
        String type = error == null ? null : textOrNull(error.get("type"));
        String message = error == null ? null : textOrNull(error.get("message"));
        return map(status, type, message != null ? message : "Upstream `" + provider + "` answered HTTP " + status + ".",
                provider);
    }

    /** An {@code event: error} inside a 200 stream: the status is inferred from the error type. */
    static GatewayError fromStreamEvent(byte[] data, String provider) {
        JsonNode error = parseError(data);
        String type = error == null ? null : textOrNull(error.get("type"));
        String message = error == null ? null : textOrNull(error.get("message"));
        return map(statusOf(type), type,
                message != null ? message : "Upstream `" + provider + "` sent an error event.", provider);
    }

    static int statusOf(@Nullable String type) {
        if (type == null) {
            return 500;
        }
        return switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "billing_error" -> 402;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "timeout_error" -> 504;
            case "overloaded_error" -> 529;
            default -> 500; // api_error and anything unknown
        };
    }

    private static GatewayError map(int status, @Nullable String type, String message, String provider) {
        if (status < 400 || status >= 500) {
            return new GatewayError.UpstreamFailed(provider, message);
        }
        return switch (status) {
            case 401 -> new GatewayError.UpstreamRejected(401, message, "authentication_error", null,
                    "upstream_authentication_failed");
            case 403 -> new GatewayError.UpstreamRejected(403, message, "permission_error", null,
                    "upstream_permission_denied");
            case 404 -> message.startsWith("model:")
                    ? new GatewayError.UpstreamRejected(404, message, "invalid_request_error", "model",
                            "model_not_found")
                    : new GatewayError.UpstreamRejected(404, message, "invalid_request_error", null, null);
            case 413 -> new GatewayError.UpstreamRejected(413, message, "invalid_request_error", null,
                    "request_too_large");
            case 429 -> new GatewayError.UpstreamRejected(429, message, "rate_limit_error", null,
                    "rate_limit_exceeded");
            case 400 -> message.contains("prompt is too long")
                    ? new GatewayError.UpstreamRejected(400, message, "invalid_request_error", "messages",
                            "context_length_exceeded")
                    : new GatewayError.UpstreamRejected(400, message, "invalid_request_error", null, null);
            default -> new GatewayError.UpstreamRejected(status, message, "invalid_request_error", null,
                    type == null || "invalid_request_error".equals(type) ? null : type);
        };
    }

    private static @Nullable JsonNode parseError(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            JsonNode error = root == null ? null : root.get("error");
            return error != null && error.isObject() ? error : null;
        } catch (JacksonException e) {
            return null; // not JSON (e.g. an HTML page from a proxy): the status alone decides
        }
    }

    private static @Nullable String textOrNull(@Nullable JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
