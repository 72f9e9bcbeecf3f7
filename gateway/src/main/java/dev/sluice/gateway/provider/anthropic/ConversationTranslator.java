package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;
import static dev.sluice.gateway.provider.anthropic.ContentBlocks.stringField;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.invalid;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedValue;

/**
 * OpenAI {@code messages} → Anthropic {@code system} text and alternating {@code messages}.
 *
 * <p>System and developer messages, wherever they stand, are hoisted into {@code system}. Tool messages become
 * {@code tool_result} blocks in a user turn. Consecutive turns of the same role are merged into one (Anthropic
 * requires user and assistant to alternate); in a merged user turn the tool results come first, as Anthropic
 * requires. A message left with no content (e.g. an empty string) is dropped.
 */
final class ConversationTranslator {

    /** @param system the system text, or null when there was none */
    record Conversation(@Nullable String system, ArrayNode messages) {
    }

    private final List<String> system = new ArrayList<>(2);
    private final ArrayNode turns = MAPPER.createArrayNode();
    private @Nullable String lastRole;
    private @Nullable ArrayNode lastContent;

    private ConversationTranslator() {
    }

    static Conversation translate(@Nullable JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw invalid("'messages' must be a non-empty array.", "messages");
        }
        ConversationTranslator translator = new ConversationTranslator();
        for (int i = 0; i < messages.size(); i++) {
            translator.add(messages.get(i), "messages[" + i + "]");
        }
        return translator.finish();
    }

    private void add(JsonNode message, String param) {
        if (!message.isObject()) {
            throw invalid("Each message must be an object.", param);
        }
        String role = stringField(message, "role", param + ".role");
        JsonNode content = message.path("content");
        switch (role) {
            case "system", "developer" -> {
                if (content.isMissingNode() || content.isNull()) {
                    throw invalid("'content' is required.", param + ".content");
                }
                String text = ContentBlocks.textOnly(content, param + ".content", "\n");
                if (!text.isEmpty()) {
                    system.add(text);
                }
            }
            case "user" -> {
                ArrayNode blocks = MAPPER.createArrayNode();
                ContentBlocks.appendUserContent(content, param + ".content", blocks);
                append("user", blocks);
            }
            case "assistant" -> append("assistant", assistantBlocks(message, param));
            case "tool" -> append("user", MAPPER.createArrayNode().add(toolResult(message, param)));
            case "function" -> throw unsupportedValue(
                    "The deprecated 'function' role is not supported; use 'tool' messages.", param + ".role");
            default -> throw invalid("Unknown role '" + role + "'.", param + ".role");
        }
    }

    private static ArrayNode assistantBlocks(JsonNode message, String param) {
        JsonNode functionCall = message.get("function_call");
        if (functionCall != null && !functionCall.isNull()) {
            throw unsupportedValue("The deprecated 'function_call' is not supported; use 'tool_calls'.",
                    param + ".function_call");
        }
        ArrayNode blocks = MAPPER.createArrayNode();
        ContentBlocks.appendAssistantContent(message.path("content"), param + ".content", blocks);
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls == null || toolCalls.isNull()) {
            return blocks;
        }
        if (!toolCalls.isArray()) {
            throw invalid("'tool_calls' must be an array.", param + ".tool_calls");
        }
        for (int j = 0; j < toolCalls.size(); j++) {
            blocks.add(toolUse(toolCalls.get(j), param + ".tool_calls[" + j + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String param) {
        if (!call.isObject()) {
            throw invalid("Each tool call must be an object.", param);
        }
        JsonNode type = call.get("type");
        if (type != null && !"function".equals(type.asString())) {
            throw unsupportedValue("Only tool calls of type 'function' are supported.", param + ".type");
        }
        JsonNode function = call.path("function");
        ObjectNode block = MAPPER.createObjectNode()
                .put("type", "tool_use")
                .put("id", stringField(call, "id", param + ".id"))
                .put("name", stringField(function, "name", param + ".function.name"));
        block.set("input", parseArguments(function.get("arguments"), param + ".function.arguments"));
        return block;
    }

    /** The arguments string must hold a JSON object ({@code input} is an object); blank means no arguments. */
    private static JsonNode parseArguments(@Nullable JsonNode arguments, String param) {
        if (arguments == null || arguments.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!arguments.isString()) {
            throw invalid("'arguments' must be a string holding a JSON object.", param);
        }
        String text = arguments.stringValue();
        if (text.isBlank()) {
            return MAPPER.createObjectNode();
        }
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw invalid("'arguments' is not valid JSON: " + e.getOriginalMessage(), param);
        }
        if (parsed == null || !parsed.isObject()) {
            throw invalid("'arguments' must be a JSON object.", param);
        }
        return parsed;
    }

    private static ObjectNode toolResult(JsonNode message, String param) {
        ObjectNode block = MAPPER.createObjectNode()
                .put("type", "tool_result")
                .put("tool_use_id", stringField(message, "tool_call_id", param + ".tool_call_id"));
        JsonNode content = message.path("content");
        if (content.isString()) {
            block.put("content", content.stringValue());
        } else if (content.isArray()) {
            ArrayNode blocks = block.putArray("content");
            ContentBlocks.appendText(ContentBlocks.textOnly(content, param + ".content", "\n"), blocks);
        } else {
            throw invalid("'content' must be a string or an array of text parts.", param + ".content");
        }
        return block;
    }

    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        if (role.equals(lastRole) && lastContent != null) {
            lastContent.addAll(blocks);
            return;
        }
        ObjectNode turn = turns.addObject();
        turn.put("role", role);
        lastContent = turn.putArray("content");
        lastContent.addAll(blocks);
        lastRole = role;
    }

    private Conversation finish() {
        if (turns.isEmpty()) {
            throw invalid("'messages' must contain at least one user or assistant message with content.", "messages");
        }
        for (JsonNode turn : turns) {
            if ("user".equals(turn.get("role").stringValue())) {
                toolResultsFirst((ArrayNode) turn.get("content"));
            }
        }
        return new Conversation(system.isEmpty() ? null : String.join("\n\n", system), turns);
    }

    /** Stable partition: tool_result blocks before any other block of the same user turn. */
    private static void toolResultsFirst(ArrayNode content) {
        List<JsonNode> results = new ArrayList<>();
        List<JsonNode> others = new ArrayList<>();
        for (JsonNode block : content) {
            (("tool_result".equals(block.get("type").stringValue())) ? results : others).add(block);
        }
        if (results.isEmpty() || others.isEmpty()) {
            return;
        }
        content.removeAll();
        content.addAll(results);
        content.addAll(others);
    }
}
