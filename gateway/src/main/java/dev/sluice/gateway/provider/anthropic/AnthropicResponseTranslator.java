package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.usage.UsageMeter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;

/**
 * Anthropic Messages responses → OpenAI: a whole {@code chat.completion}, or the error the client gets.
 * Pure apart from reporting to the {@link UsageMeter}; safe from any thread.
 */
public final class AnthropicResponseTranslator {

    private static final String PROVIDER = "anthropic";

    private AnthropicResponseTranslator() {
    }

    /**
     * Non-stream Anthropic Messages JSON → OpenAI {@code chat.completion} JSON bytes. Text blocks are joined into
     * {@code message.content}, tool_use blocks become {@code tool_calls}, thinking blocks are left out. Reports
     * usage and the upstream model to the meter.
     *
     * @param requestedModel the model alias the client asked for, echoed as {@code model}
     * @throws GatewayException {@code UpstreamFailed} when the body is not a Messages JSON object
     */
    public static byte[] toChatCompletion(byte[] messagesJson, String requestedModel, UsageMeter meter) {
        JsonNode message = parse(messagesJson);
        String upstreamModel = message.path("model").asString("");
        if (!upstreamModel.isEmpty()) {
            meter.upstreamModel(upstreamModel);
        }
        StringBuilder text = new StringBuilder();
        List<JsonNode> toolUses = new ArrayList<>(2);
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asString("")) {
                case "text" -> text.append(block.path("text").asString(""));
                case "tool_use" -> toolUses.add(block);
                // thinking, redacted_thinking, server_tool_use and server tool results: not part of the OpenAI shape
                default -> {
                }
            }
        }
        AnthropicUsage usage = AnthropicUsage.NONE.merge(message.get("usage"));
        usage.reportTo(meter);
        meter.appendCompletionText(text);

        ByteArrayOutputStream out = new ByteArrayOutputStream(512 + text.length());
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("id", "chatcmpl-" + message.path("id").asString(""));
            g.writeStringProperty("object", "chat.completion");
            g.writeNumberProperty("created", System.currentTimeMillis() / 1000);
            g.writeStringProperty("model", requestedModel);
            g.writeName("choices");
            g.writeStartArray();
            g.writeStartObject();
            g.writeNumberProperty("index", 0);
            g.writeName("message");
            writeMessage(g, text, toolUses, meter);
            g.writeNullProperty("logprobs");
            g.writeStringProperty("finish_reason",
                    StopReasons.finishReason(message.path("stop_reason").asString(null)));
            g.writeEndObject();
            g.writeEndArray();
            g.writeName("usage");
            usage.writeOpenAi(g);
            g.writeNullProperty("system_fingerprint");
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Anthropic error body and status → the error the client gets: 4xx passed on as {@code UpstreamRejected} with
     * OpenAI types, 5xx and 529 as {@code UpstreamFailed(providerName, message)}.
     */
    public static GatewayError toGatewayError(int status, byte[] body, String providerName) {
        return AnthropicErrors.fromResponse(status, body, providerName);
    }

    private static void writeMessage(JsonGenerator g, CharSequence text, List<JsonNode> toolUses, UsageMeter meter) {
        g.writeStartObject();
        g.writeStringProperty("role", "assistant");
        if (text.isEmpty() && !toolUses.isEmpty()) {
            g.writeNullProperty("content");
        } else {
            g.writeStringProperty("content", text.toString());
        }
        if (!toolUses.isEmpty()) {
            g.writeName("tool_calls");
            g.writeStartArray();
            for (JsonNode toolUse : toolUses) {
                String name = toolUse.path("name").asString("");
                String arguments = MAPPER.writeValueAsString(toolUse.path("input").isObject()
                        ? toolUse.get("input") : MAPPER.createObjectNode());
                meter.appendCompletionText(name);
                meter.appendCompletionText(arguments);
                g.writeStartObject();
                g.writeStringProperty("id", toolUse.path("id").asString(""));
                g.writeStringProperty("type", "function");
                g.writeName("function");
                g.writeStartObject();
                g.writeStringProperty("name", name);
                g.writeStringProperty("arguments", arguments);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNullProperty("refusal");
        g.writeName("annotations");
        g.writeStartArray();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode message = MAPPER.readTree(body);
            if (message != null && message.isObject()) {
                return message;
            }
        } catch (JacksonException e) {
            throw new GatewayException(new GatewayError.UpstreamFailed(PROVIDER,
                    "The upstream response is not valid JSON."), e);
        }
        throw new GatewayException(new GatewayError.UpstreamFailed(PROVIDER,
                "The upstream response is not a JSON object."));
    }
}
