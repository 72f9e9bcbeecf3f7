package dev.sluice.gateway.api;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway itself reads of a chat completion request; everything else passes upstream untouched.
 * {@link #parse} rejects, with OpenAI's 400, what no upstream could accept.
 *
 * @param model            the alias asked for
 * @param stream           whether the client wants SSE
 * @param includeUsage     {@code stream_options.include_usage}
 * @param maxOutputTokens  {@code max_completion_tokens}, else {@code max_tokens}; null when neither is set
 * @param user             the client's {@code user} field
 * @param metadata         the client's {@code metadata}, string values only
 */
public record ChatRequest(String model, boolean stream, boolean includeUsage, @Nullable Long maxOutputTokens,
                          @Nullable String user, Map<String, String> metadata) {

    private static final int MAX_METADATA_ENTRIES = 16;

    public static ChatRequest parse(ObjectNode body) {
        String model = requireModel(body);
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("'messages' must be a non-empty array of messages.", "messages", "missing_required_parameter");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject() || !message.path("role").isString()) {
                throw invalid("Invalid value for 'messages[" + i + "]': each message must be an object with a string 'role'.",
                        "messages[" + i + "].role", "invalid_value");
            }
        }
        boolean stream = optionalBoolean(body, "stream");
        JsonNode streamOptions = body.get("stream_options");
        boolean includeUsage = streamOptions != null && streamOptions.path("include_usage").asBoolean(false);
        Long maxTokens = optionalPositive(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = optionalPositive(body, "max_tokens");
        }
        optionalPositive(body, "n");
        return new ChatRequest(model, stream, includeUsage, maxTokens, optionalString(body, "user"), metadata(body));
    }

    /** The {@code model} field, which every endpoint requires. */
    public static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            throw invalid("You must provide a model parameter.", "model", "missing_required_parameter");
        }
        if (!model.isString() || model.asString().isBlank()) {
            throw invalid("Invalid type for 'model': expected a non-empty string.", "model", "invalid_type");
        }
        return model.asString();
    }

    static @Nullable String optionalString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid("Invalid type for '" + field + "': expected a string.", field, "invalid_type");
        }
        return node.asString();
    }

    static Map<String, String> metadata(ObjectNode body) {
        JsonNode node = body.get("metadata");
        if (node == null || !node.isObject() || node.isEmpty()) {
            return Map.of();
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (var entry : node.properties()) {
            if (metadata.size() == MAX_METADATA_ENTRIES) {
                break;
            }
            if (entry.getValue().isString()) {
                metadata.put(entry.getKey(), entry.getValue().asString());
            }
        }
        return metadata;
    }

    private static boolean optionalBoolean(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw invalid("Invalid type for '" + field + "': expected a boolean.", field, "invalid_type");
        }
        return node.asBoolean();
    }

    private static @Nullable Long optionalPositive(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1) {
            throw invalid("Invalid value for '" + field + "': expected an integer of at least 1.", field, "invalid_value");
        }
        return node.asLong();
    }

    static GatewayException invalid(String message, String param, String code) {
        return new GatewayException(new GatewayError.InvalidRequest(message, param, code));
    }
}
