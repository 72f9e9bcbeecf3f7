package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.upstream.SseEvent;
import dev.sluice.gateway.usage.UsageMeter;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static dev.sluice.gateway.provider.anthropic.AnthropicJson.MAPPER;

/**
 * Per request, stateful: Anthropic Messages SSE events → OpenAI {@code chat.completion.chunk} SSE frames.
 *
 * <p>Not thread-safe; Reactor delivers one event at a time. All chunks share one id ({@code chatcmpl-} + the
 * Anthropic message id) and one {@code created}; {@code model} is the alias the client asked for. Usage goes to the
 * {@link UsageMeter} at {@code message_start} (input, cache) and again at {@code message_delta} (output).
 */
public final class AnthropicStreamTranslator {

    private static final String PROVIDER = "anthropic";

    private final String requestedModel;
    private final boolean includeUsage;
    private final UsageMeter meter;

    private @Nullable ChunkWriter writer;
    private AnthropicUsage usage = AnthropicUsage.NONE;
    /** OpenAI tool-call index by Anthropic content block index; -1 for blocks that are not tool calls. */
    private int[] toolIndexByBlock = new int[4];
    private int toolCalls;
    private boolean finished;

    public AnthropicStreamTranslator(String requestedModel, boolean includeUsage, UsageMeter meter) {
        this.requestedModel = requestedModel;
        this.includeUsage = includeUsage;
        this.meter = meter;
        Arrays.fill(toolIndexByBlock, -1);
    }

    /**
     * Zero or more whole client frames ({@code data: {...}\n\n}) for one upstream event.
     *
     * @throws GatewayException for an {@code error} event (mapped as {@link AnthropicResponseTranslator#toGatewayError})
     *                          or an event that is not JSON
     */
    public List<byte[]> onEvent(SseEvent event) {
        if ("ping".equals(event.event())) {
            return List.of();
        }
        JsonNode data = parse(event);
        String type = data.path("type").asString(event.event() == null ? "" : event.event());
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> contentBlockStart(data.path("index").asInt(-1), data.path("content_block"));
            case "content_block_delta" -> contentBlockDelta(data.path("index").asInt(-1), data.path("delta"));
            case "message_delta" -> messageDelta(data);
            case "error" -> throw new GatewayException(AnthropicErrors.fromStreamEvent(event.data(), PROVIDER));
            // ping, content_block_stop, message_stop, and event types added later: nothing to send.
            default -> List.of();
        };
    }

    /**
     * Frames to send when the upstream stream ends normally: the usage chunk when the client asked for it, then
     * {@code data: [DONE]}.
     *
     * @throws GatewayException when the stream ended before {@code message_delta} said why it stopped (truncated)
     */
    public List<byte[]> onComplete() {
        if (!finished) {
            throw new GatewayException(new GatewayError.UpstreamFailed(PROVIDER,
                    "The upstream stream ended before the message was complete."));
        }
        if (includeUsage) {
            return List.of(writer().usageChunk(usage), ChunkWriter.DONE);
        }
        return List.of(ChunkWriter.DONE);
    }

    private List<byte[]> messageStart(JsonNode message) {
        String id = message.path("id").asString("");
        ChunkWriter chunks = writer;
        if (chunks == null) {
            chunks = new ChunkWriter("chatcmpl-" + (id.isEmpty() ? UUID.randomUUID() : id),
                    System.currentTimeMillis() / 1000, requestedModel, includeUsage);
            writer = chunks;
        }
        String model = message.path("model").asString("");
        if (!model.isEmpty()) {
            meter.upstreamModel(model);
        }
        usage = usage.merge(message.get("usage"));
        usage.reportTo(meter);
        return List.of(chunks.chunk(g -> {
            g.writeStringProperty("role", "assistant");
            g.writeStringProperty("content", "");
        }, null));
    }

    private List<byte[]> contentBlockStart(int blockIndex, JsonNode block) {
        String type = block.path("type").asString("");
        if ("text".equals(type)) {
            return content(block.path("text").asString(""));
        }
        if (!"tool_use".equals(type) || blockIndex < 0) {
            return List.of(); // thinking, redacted_thinking, server tools and their results: not sent
        }
        int toolIndex = toolCalls++;
        remember(blockIndex, toolIndex);
        String id = block.path("id").asString("");
        String name = block.path("name").asString("");
        meter.appendCompletionText(name);
        return List.of(writer().chunk(g -> {
            g.writeName("tool_calls");
            g.writeStartArray();
            g.writeStartObject();
            g.writeNumberProperty("index", toolIndex);
            g.writeStringProperty("id", id);
            g.writeStringProperty("type", "function");
            g.writeName("function");
            g.writeStartObject();
            g.writeStringProperty("name", name);
            g.writeStringProperty("arguments", "");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }, null));
    }

    private List<byte[]> contentBlockDelta(int blockIndex, JsonNode delta) {
        return switch (delta.path("type").asString("")) {
            case "text_delta" -> content(delta.path("text").asString(""));
            case "input_json_delta" -> toolArguments(blockIndex, delta.path("partial_json").asString(""));
            // thinking_delta, signature_delta, citations_delta: not sent
            default -> List.of();
        };
    }

    private List<byte[]> content(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        meter.appendCompletionText(text);
        return List.of(writer().chunk(g -> g.writeStringProperty("content", text), null));
    }

    private List<byte[]> toolArguments(int blockIndex, String partialJson) {
        int toolIndex = blockIndex >= 0 && blockIndex < toolIndexByBlock.length ? toolIndexByBlock[blockIndex] : -1;
        if (toolIndex < 0 || partialJson.isEmpty()) {
            return List.of(); // a server tool's input, or the empty first fragment
        }
        meter.appendCompletionText(partialJson);
        return List.of(writer().chunk(g -> {
            g.writeName("tool_calls");
            g.writeStartArray();
            g.writeStartObject();
            g.writeNumberProperty("index", toolIndex);
            g.writeName("function");
            g.writeStartObject();
            g.writeStringProperty("arguments", partialJson);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
        }, null));
    }

    private List<byte[]> messageDelta(JsonNode data) {
        usage = usage.merge(data.get("usage"));
        usage.reportTo(meter);
        finished = true;
        String finishReason = StopReasons.finishReason(data.path("delta").path("stop_reason").asString(null));
        return List.of(writer().chunk(g -> { }, finishReason));
    }

    private void remember(int blockIndex, int toolIndex) {
        if (blockIndex >= toolIndexByBlock.length) {
            int oldLength = toolIndexByBlock.length;
            toolIndexByBlock = Arrays.copyOf(toolIndexByBlock, Math.max(blockIndex + 1, oldLength * 2));
            Arrays.fill(toolIndexByBlock, oldLength, toolIndexByBlock.length, -1);
        }
        toolIndexByBlock[blockIndex] = toolIndex;
    }

    /** The writer, created with a made-up id if content arrives before {@code message_start} (never seen). */
    private ChunkWriter writer() {
        ChunkWriter chunks = writer;
        if (chunks == null) {
            chunks = new ChunkWriter("chatcmpl-" + UUID.randomUUID(), System.currentTimeMillis() / 1000,
                    requestedModel, includeUsage);
            writer = chunks;
        }
        return chunks;
    }

    private static JsonNode parse(SseEvent event) {
        try {
            JsonNode data = MAPPER.readTree(event.data());
            if (data != null && data.isObject()) {
                return data;
            }
        } catch (JacksonException e) {
            throw new GatewayException(new GatewayError.UpstreamFailed(PROVIDER,
                    "The upstream sent an event that is not JSON."), e);
        }
        throw new GatewayException(new GatewayError.UpstreamFailed(PROVIDER,
                "The upstream sent an event that is not a JSON object."));
    }
}
