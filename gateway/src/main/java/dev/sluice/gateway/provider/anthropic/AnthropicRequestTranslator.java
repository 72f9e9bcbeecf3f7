package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.invalid;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedParameter;
import static dev.sluice.gateway.provider.anthropic.InvalidRequests.unsupportedValue;

/**
 * OpenAI Chat Completions request → Anthropic Messages request. Pure: no I/O, safe from any thread.
 *
 * <p>Every OpenAI field is either translated, rejected with a 400 naming it, or dropped; the dropped ones are
 * listed in {@link #DROPPED} and in docs/anthropic-translation.md. Fields the gateway does not know are dropped
 * too: Anthropic rejects unknown fields, so nothing is passed through untranslated.
 */
public final class AnthropicRequestTranslator {

    /** OpenAI fields with no Anthropic equivalent that are dropped without error (documented). */
    static final Set<String> DROPPED = Set.of(
            "frequency_penalty", "presence_penalty", "logit_bias", "seed", "service_tier", "store", "metadata",
            "prediction", "reasoning_effort", "verbosity", "prompt_cache_key", "prompt_cache_retention",
            "safety_identifier", "web_search_options", "stream_options");

    private AnthropicRequestTranslator() {
    }

    /**
     * OpenAI chat request → Anthropic Messages request body.
     *
     * @throws GatewayException with {@code InvalidRequest} (and its {@code param}) for what cannot be translated
     */
    public static ObjectNode toMessagesRequest(ObjectNode openAiRequest, String upstreamModel, int defaultMaxTokens) {
        rejectUntranslatable(openAiRequest);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("model", upstreamModel);
        out.put("max_tokens", maxTokens(openAiRequest, defaultMaxTokens));
        ConversationTranslator.Conversation conversation =
                ConversationTranslator.translate(openAiRequest.get("messages"));
        String system = joinSystem(conversation.system(),
                ResponseFormatInstruction.of(openAiRequest.get("response_format")));
        if (system != null) {
            out.put("system", system);
        }
        out.set("messages", conversation.messages());
        stopSequences(openAiRequest.get("stop"), out);
        sampling(openAiRequest, out);
        JsonNode stream = openAiRequest.get("stream");
        if (stream != null && !stream.isNull()) {
            if (!stream.isBoolean()) {
                throw invalid("'stream' must be a boolean.", "stream");
            }
            out.put("stream", stream.booleanValue());
        }
        JsonNode user = openAiRequest.get("user");
        if (user != null && user.isString() && !user.stringValue().isEmpty()) {
            out.putObject("metadata").put("user_id", user.stringValue());
        }
        ToolTranslator.translate(openAiRequest, out);
        return out;
    }

    private static void rejectUntranslatable(ObjectNode request) {
        JsonNode n = request.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw unsupportedValue("This model's provider returns one choice per request; 'n' must be 1.", "n");
        }
        JsonNode logprobs = request.get("logprobs");
        if (logprobs != null && logprobs.isBoolean() && logprobs.booleanValue()) {
            throw unsupportedParameter("'logprobs' is not supported by this model's provider.", "logprobs");
        }
        JsonNode topLogprobs = request.get("top_logprobs");
        if (topLogprobs != null && !topLogprobs.isNull() && topLogprobs.asInt(0) != 0) {
            throw unsupportedParameter("'top_logprobs' is not supported by this model's provider.", "top_logprobs");
        }
        for (String deprecated : new String[] {"functions", "function_call"}) {
            JsonNode value = request.get(deprecated);
            if (value != null && !value.isNull()) {
                throw unsupportedParameter("The deprecated '" + deprecated + "' is not supported; use 'tools' and"
                        + " 'tool_choice'.", deprecated);
            }
        }
        JsonNode audio = request.get("audio");
        if (audio != null && !audio.isNull()) {
            throw unsupportedParameter("Audio output is not supported by this model's provider.", "audio");
        }
        JsonNode modalities = request.get("modalities");
        if (modalities != null && modalities.isArray()) {
            for (JsonNode modality : modalities) {
                if (!"text".equals(modality.asString())) {
                    throw unsupportedValue("Only the 'text' output modality is supported.", "modalities");
                }
            }
        }
    }

    private static long maxTokens(ObjectNode request, int defaultMaxTokens) {
        for (String name : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = request.get(name);
            if (value != null && !value.isNull()) {
                if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
                    throw invalid("'" + name + "' must be a positive integer.", name);
                }
                return value.asLong();
            }
        }
        return defaultMaxTokens;
    }

    private static @Nullable String joinSystem(@Nullable String system, @Nullable String instruction) {
        if (instruction == null) {
            return system;
        }
        return system == null ? instruction : system + "\n\n" + instruction;
    }

    private static void stopSequences(@Nullable JsonNode stop, ObjectNode out) {
        if (stop == null || stop.isNull()) {
            return;
        }
        if (stop.isString()) {
            if (!stop.stringValue().isEmpty()) {
                out.putArray("stop_sequences").add(stop.stringValue());
            }
            return;
        }
        if (!stop.isArray()) {
            throw invalid("'stop' must be a string or an array of strings.", "stop");
        }
        ArrayNode sequences = MAPPER.createArrayNode();
        for (JsonNode sequence : stop) {
            if (!sequence.isString()) {
                throw invalid("'stop' must be a string or an array of strings.", "stop");
            }
            if (!sequence.stringValue().isEmpty()) {
                sequences.add(sequence.stringValue());
            }
        }
        if (!sequences.isEmpty()) {
            out.set("stop_sequences", sequences);
        }
    }

    /**
     * {@code temperature} (OpenAI 0..2, Anthropic 0..1: values above 1 are clamped to 1) and {@code top_p}
     * (same range on both sides), passed as numbers.
     */
    private static void sampling(ObjectNode request, ObjectNode out) {
        JsonNode temperature = request.get("temperature");
        if (temperature != null && !temperature.isNull()) {
            if (!temperature.isNumber() || temperature.asDouble() < 0 || temperature.asDouble() > 2) {
                throw invalid("'temperature' must be a number between 0 and 2.", "temperature");
            }
            out.put("temperature", Math.min(1.0, temperature.asDouble()));
        }
        JsonNode topP = request.get("top_p");
        if (topP != null && !topP.isNull()) {
            if (!topP.isNumber() || topP.asDouble() < 0 || topP.asDouble() > 1) {
                throw invalid("'top_p' must be a number between 0 and 1.", "top_p");
            }
            out.put("top_p", topP.asDouble());
        }
    }
}
