package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;

/**
 * Writes OpenAI {@code chat.completion.chunk} SSE frames, {@code data: {...}\n\n}, with OpenAI's key order:
 * id, object, created, model, system_fingerprint, choices[{index, delta, logprobs, finish_reason}], usage.
 * The part before the delta is the same for every chunk of a response, so it is encoded once.
 */
final class ChunkWriter {

    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICE_START = "{\"index\":0,\"delta\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FINISH = ",\"logprobs\":null,\"finish_reason\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHOICE_END = "}]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_USAGE = ",\"usage\":null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "],\"usage\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAME_END = "}\n\n".getBytes(StandardCharsets.US_ASCII);

    /** {@code {"id":…,"object":"chat.completion.chunk",…,"choices":[} */
    private final byte[] head;
    private final boolean includeUsage;

    ChunkWriter(String id, long created, String model, boolean includeUsage) {
        this.includeUsage = includeUsage;
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("id", id);
            g.writeStringProperty("object", "chat.completion.chunk");
            g.writeNumberProperty("created", created);
            g.writeStringProperty("model", model);
            g.writeNullProperty("system_fingerprint");
            g.writeName("choices");
            g.writeStartArray();
            g.flush();
            this.head = out.toByteArray(); // taken before close, which appends the closing "]}"
        }
    }

    /** A chunk with one choice: {@code delta} writes the delta object, {@code finishReason} null while streaming. */
    byte[] chunk(Consumer<JsonGenerator> delta, @Nullable String finishReason) {
        ByteArrayOutputStream out = start(64);
        out.writeBytes(CHOICE_START);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            g.writeStartObject();
            delta.accept(g);
            g.writeEndObject();
        }
        out.writeBytes(FINISH);
        out.writeBytes(finishReason == null ? NULL : ('"' + finishReason + '"').getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(CHOICE_END);
        if (includeUsage) {
            out.writeBytes(NULL_USAGE);
        }
        out.writeBytes(FRAME_END);
        return out.toByteArray();
    }

    /** The final usage chunk of {@code stream_options.include_usage}: no choices, the usage. */
    byte[] usageChunk(AnthropicUsage usage) {
        ByteArrayOutputStream out = start(120);
        out.writeBytes(USAGE);
        try (JsonGenerator g = MAPPER.createGenerator(out)) {
            usage.writeOpenAi(g);
        }
        out.writeBytes(FRAME_END);
        return out.toByteArray();
    }

    private ByteArrayOutputStream start(int extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(DATA.length + head.length + extra);
        out.writeBytes(DATA);
        out.writeBytes(head);
        return out;
    }
}
