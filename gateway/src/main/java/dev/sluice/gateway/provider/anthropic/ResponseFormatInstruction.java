package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.invalid;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedValue;

/**
 * OpenAI {@code response_format} → an instruction appended to Anthropic's {@code system} prompt.
 *
 * <p>The Messages API has no {@code response_format}. Rather than drop the field silently, the gateway asks the
 * model for JSON in the system prompt (and, for {@code json_schema}, gives it the schema). This is best effort: the
 * output is not validated against the schema, and {@code strict: true} is not enforced.
 */
final class ResponseFormatInstruction {

    static final String JSON_OBJECT = "Respond with a single valid JSON object and nothing else:"
            + " no prose before or after it, and no Markdown code fences.";

    private ResponseFormatInstruction() {
    }

    /** The instruction to append, or null for none ({@code text} or absent). */
    static @Nullable String of(@Nullable JsonNode format) {
        if (format == null || format.isNull()) {
            return null;
        }
        if (!format.isObject() || !format.path("type").isString()) {
            throw invalid("'response_format' must be an object with a 'type'.", "response_format");
        }
        return switch (format.get("type").stringValue()) {
            case "text" -> null;
            case "json_object" -> JSON_OBJECT;
            case "json_schema" -> jsonSchema(format.path("json_schema"));
            default -> throw unsupportedValue("'response_format.type' must be 'text', 'json_object' or 'json_schema'.",
                    "response_format.type");
        };
    }

    private static String jsonSchema(JsonNode jsonSchema) {
        JsonNode schema = jsonSchema.get("schema");
        if (schema == null || !schema.isObject()) {
            throw invalid("'response_format.json_schema.schema' must be a JSON Schema object.",
                    "response_format.json_schema.schema");
        }
        StringBuilder text = new StringBuilder(JSON_OBJECT.length() + 200)
                .append("Respond with a single valid JSON object that conforms to the JSON Schema below")
                .append(jsonSchema.path("name").isString() ? " (named \"" + jsonSchema.get("name").stringValue() + "\")" : "")
                .append(", and nothing else: no prose before or after it, and no Markdown code fences.");
        if (jsonSchema.path("description").isString()) {
            text.append("\nWhat the object is for: ").append(jsonSchema.get("description").stringValue());
        }
        return text.append("\nJSON Schema:\n").append(MAPPER.writeValueAsString(schema)).toString();
    }
}
