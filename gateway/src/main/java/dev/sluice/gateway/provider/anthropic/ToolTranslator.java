package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;
import static dev.sluice.gateway.provider.anthropic.ContentBlocks.stringField;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.invalid;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedValue;

/**
 * OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} → Anthropic {@code tools} and
 * {@code tool_choice}.
 */
final class ToolTranslator {

    private ToolTranslator() {
    }

    /** Writes {@code tools} and {@code tool_choice} into {@code out}, or nothing when the request has neither. */
    static void translate(ObjectNode request, ObjectNode out) {
        boolean hasTools = tools(request.get("tools"), out);
        ObjectNode choice = toolChoice(request.get("tool_choice"), hasTools);
        JsonNode parallel = request.get("parallel_tool_calls");
        if (parallel != null && !parallel.isNull() && !parallel.isBoolean()) {
            throw invalid("'parallel_tool_calls' must be a boolean.", "parallel_tool_calls");
        }
        boolean serial = parallel != null && parallel.isBoolean() && !parallel.booleanValue();
        if (serial && hasTools) {
            if (choice == null) {
                choice = MAPPER.createObjectNode().put("type", "auto");
            }
            if (!"none".equals(choice.get("type").stringValue())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static boolean tools(@Nullable JsonNode tools, ObjectNode out) {
        if (tools == null || tools.isNull()) {
            return false;
        }
        if (!tools.isArray()) {
            throw invalid("'tools' must be an array.", "tools");
        }
        if (tools.isEmpty()) {
            return false;
        }
        ArrayNode translated = out.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            translated.add(tool(tools.get(i), "tools[" + i + "]"));
        }
        return true;
    }

    private static ObjectNode tool(JsonNode tool, String param) {
        if (!tool.isObject()) {
            throw invalid("Each tool must be an object.", param);
        }
        if (!"function".equals(stringField(tool, "type", param + ".type"))) {
            throw unsupportedValue("Only tools of type 'function' are supported.", param + ".type");
        }
        JsonNode function = tool.path("function");
        ObjectNode out = MAPPER.createObjectNode().put("name", stringField(function, "name", param + ".function.name"));
        JsonNode description = function.get("description");
        if (description != null && description.isString()) {
            out.put("description", description.stringValue());
        }
        JsonNode parameters = function.get("parameters");
        if (parameters == null || parameters.isNull()) {
            // OpenAI allows a function without parameters; Anthropic requires an object schema.
            ObjectNode empty = out.putObject("input_schema").put("type", "object");
            empty.putObject("properties");
        } else if (parameters.isObject()) {
            out.set("input_schema", parameters);
        } else {
            throw invalid("'parameters' must be a JSON Schema object.", param + ".function.parameters");
        }
        return out;
    }

    private static @Nullable ObjectNode toolChoice(@Nullable JsonNode choice, boolean hasTools) {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isString()) {
            String mode = choice.stringValue();
            String type = switch (mode) {
                case "auto" -> "auto";
                case "required" -> "any";
                case "none" -> "none";
                default -> throw invalid("'tool_choice' must be 'auto', 'required', 'none' or a function choice.",
                        "tool_choice");
            };
            if (!hasTools) {
                if ("any".equals(type)) {
                    throw invalid("'tool_choice' 'required' needs 'tools'.", "tool_choice");
                }
                return null;
            }
            return MAPPER.createObjectNode().put("type", type);
        }
        if (choice.isObject() && "function".equals(choice.path("type").asString())) {
            String name = stringField(choice.path("function"), "name", "tool_choice.function.name");
            if (!hasTools) {
                throw invalid("'tool_choice' names a function but 'tools' is empty.", "tool_choice");
            }
            return MAPPER.createObjectNode().put("type", "tool").put("name", name);
        }
        throw unsupportedValue("Only 'auto', 'required', 'none' and {\"type\":\"function\",...} tool choices are"
                + " supported.", "tool_choice");
    }
}
