package dev.sluice.gateway.error;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

import java.io.ByteArrayOutputStream;

/**
 * Renders a {@link GatewayError} in OpenAI's error shape, {@code {"error":{"message","type","param","code"}}},
 * and says which HTTP status it gets.
 */
public final class OpenAiErrors {

    private static final JsonFactory JSON = new JsonFactory();

    private OpenAiErrors() {
    }

    public static int status(GatewayError error) {
        return switch (error) {
            case GatewayError.InvalidRequest e -> 400;
            case GatewayError.Unauthenticated e -> 401;
            case GatewayError.Forbidden e -> 403;
            case GatewayError.ModelNotFound e -> 404;
            case GatewayError.RouteNotFound e -> 404;
            case GatewayError.MethodNotAllowed e -> 405;
            case GatewayError.PayloadTooLarge e -> 413;
            case GatewayError.RateLimited e -> 429;
            case GatewayError.UpstreamRejected e -> e.status();
            case GatewayError.UpstreamFailed e -> 502;
            case GatewayError.UpstreamTimeout e -> 504;
            case GatewayError.Unavailable e -> 503;
            case GatewayError.Internal e -> 500;
        };
    }

    /** OpenAI's {@code error.type}. */
    public static String type(GatewayError error) {
        return switch (error) {
            case GatewayError.InvalidRequest e -> "invalid_request_error";
            case GatewayError.Unauthenticated e -> "invalid_request_error";
            case GatewayError.Forbidden e -> "permission_error";
            case GatewayError.ModelNotFound e -> "invalid_request_error";
            case GatewayError.RouteNotFound e -> "invalid_request_error";
            case GatewayError.MethodNotAllowed e -> "invalid_request_error";
            case GatewayError.PayloadTooLarge e -> "invalid_request_error";
            case GatewayError.RateLimited e -> "rate_limit_error";
            case GatewayError.UpstreamRejected e -> e.type();
            case GatewayError.UpstreamFailed e -> "upstream_error";
            case GatewayError.UpstreamTimeout e -> "timeout_error";
            case GatewayError.Unavailable e -> "service_unavailable_error";
            case GatewayError.Internal e -> "server_error";
        };
    }

    /** OpenAI's {@code error.code}: machine-readable, or null. Also the usage event's {@code error_code}. */
    public static @Nullable String code(GatewayError error) {
        return switch (error) {
            case GatewayError.InvalidRequest e -> e.code();
            case GatewayError.Unauthenticated e -> e.code();
            case GatewayError.Forbidden e -> e.code();
            case GatewayError.ModelNotFound e -> "model_not_found";
            case GatewayError.RouteNotFound e -> "unknown_url";
            case GatewayError.MethodNotAllowed e -> "method_not_allowed";
            case GatewayError.PayloadTooLarge e -> "request_too_large";
            case GatewayError.RateLimited e -> e.code();
            case GatewayError.UpstreamRejected e -> e.code();
            case GatewayError.UpstreamFailed e -> "upstream_error";
            case GatewayError.UpstreamTimeout e -> "upstream_timeout";
            case GatewayError.Unavailable e -> "service_unavailable";
            case GatewayError.Internal e -> "internal_error";
        };
    }

    public static @Nullable String param(GatewayError error) {
        return switch (error) {
            case GatewayError.InvalidRequest e -> e.param();
            case GatewayError.ModelNotFound e -> "model";
            case GatewayError.UpstreamRejected e -> e.param();
            default -> null;
        };
    }

    /** {@code {"error":{...}}} as UTF-8 JSON bytes. */
    public static byte[] body(GatewayError error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeName("error");
            writeError(g, error);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** The same body as an SSE frame, {@code data: {"error":{...}}\n\n}: how a stream that fails midway ends. */
    public static byte[] sseFrame(GatewayError error) {
        byte[] body = body(error);
        byte[] frame = new byte[body.length + 8];
        System.arraycopy("data: ".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, frame, 0, 6);
        System.arraycopy(body, 0, frame, 6, body.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return frame;
    }

    private static void writeError(JsonGenerator g, GatewayError error) {
        g.writeStartObject();
        g.writeStringProperty("message", error.message());
        g.writeStringProperty("type", type(error));
        writeNullable(g, "param", param(error));
        writeNullable(g, "code", code(error));
        g.writeEndObject();
    }

    private static void writeNullable(JsonGenerator g, String name, @Nullable String value) {
        if (value == null) {
            g.writeNullProperty(name);
        } else {
            g.writeStringProperty(name, value);
        }
    }
}
