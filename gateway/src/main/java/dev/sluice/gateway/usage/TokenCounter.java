package dev.sluice.gateway.usage;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import tools.jackson.databind.JsonNode;

/**
 * Counts tokens with a real BPE tokenizer (JTokkit) when a provider reports no usage, e.g. when the client went
 * away mid-stream. OpenAI models use their own encoding ({@code cl100k_base} for gpt-4/gpt-3.5, {@code o200k_base}
 * otherwise); other providers' tokenizers are not public, so their counts are {@code o200k_base} estimates.
 * Encodings are loaded at construction, never lazily on an event loop.
 */
public final class TokenCounter {

    /** Per OpenAI's guide: every message costs its content plus a few tokens of framing, every reply 3 more. */
    private static final int TOKENS_PER_MESSAGE = 3;
    private static final int REPLY_PRIMING = 3;
    private static final int TOKENS_PER_IMAGE = 85;

    private final Encoding o200k;
    private final Encoding cl100k;

    public TokenCounter() {
        EncodingRegistry registry = Encodings.newDefaultEncodingRegistry();
        this.o200k = registry.getEncoding(EncodingType.O200K_BASE);
        this.cl100k = registry.getEncoding(EncodingType.CL100K_BASE);
    }

    /** Tokens of a text. */
    public long count(String text, String model) {
        return text.isEmpty() ? 0 : encoding(model).countTokensOrdinary(text);
    }

    /** Tokens of a chat request's prompt: messages (text parts, tool calls, images at a flat rate) and tool definitions. */
    public long countPrompt(JsonNode request, String model) {
        Encoding encoding = encoding(model);
        long tokens = REPLY_PRIMING;
        for (JsonNode message : request.path("messages")) {
            tokens += TOKENS_PER_MESSAGE;
            tokens += text(encoding, message.path("role").asString(""));
            tokens += text(encoding, message.path("name").asString(""));
            JsonNode content = message.path("content");
            if (content.isString()) {
                tokens += text(encoding, content.asString());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    tokens += part.has("image_url") ? TOKENS_PER_IMAGE : text(encoding, part.path("text").asString(""));
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                tokens += text(encoding, call.path("function").path("name").asString(""));
                tokens += text(encoding, call.path("function").path("arguments").asString(""));
            }
        }
        JsonNode tools = request.path("tools");
        if (tools.isArray() && !tools.isEmpty()) {
            tokens += text(encoding, tools.toString());
        }
        JsonNode input = request.path("input"); // embeddings
        if (input.isString()) {
            tokens += text(encoding, input.asString());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                tokens += item.isString() ? text(encoding, item.asString()) : item.size();
            }
        }
        return tokens;
    }

    private static long text(Encoding encoding, String text) {
        return text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
    }

    private Encoding encoding(String model) {
        return model.startsWith("gpt-4") && !model.startsWith("gpt-4o") && !model.startsWith("gpt-4.1")
                || model.startsWith("gpt-3.5") || model.startsWith("text-embedding") ? cl100k : o200k;
    }
}
