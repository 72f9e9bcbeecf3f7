package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayError;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps an OpenAI-compatible upstream's error response to what the client gets: a 4xx passes on with the upstream's
 * own message, type, param and code; a 5xx (or anything else) becomes 502, since it is the upstream that failed.
 */
public final class OpenAiErrorMapper {

    private OpenAiErrorMapper() {
    }

    public static GatewayError map(String provider, int status, byte[] body) {
        JsonNode error = parse(body).path("error");
        String message = error.path("message").asString("");
        if (status >= 400 && status < 500) {
            if (message.isEmpty()) {
                message = "Upstream provider `" + provider + "` answered HTTP " + status + ".";
            }
            return new GatewayError.UpstreamRejected(status, message,
                    error.path("type").asString(status == 429 ? "rate_limit_error" : "invalid_request_error"),
                    text(error.path("param")), text(error.path("code")));
        }
        return new GatewayError.UpstreamFailed(provider, "Upstream provider `" + provider + "` answered HTTP " + status
                + (message.isEmpty() ? "." : ": " + message));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JsonMapper.shared().readTree(body);
        } catch (RuntimeException notJson) {
            return JsonMapper.shared().missingNode();
        }
    }

    private static @Nullable String text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? node.asString() : null;
    }
}
