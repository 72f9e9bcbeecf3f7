package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.OpenAiErrors;
import dev.sluice.gateway.upstream.SseEvent;
import dev.sluice.gateway.usage.UsageMeter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.sluice.gateway.provider.anthropic.Cassettes.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicStreamTranslatorTests {

    private static final String ALIAS = "claude-fast";
    private static final List<String> CHUNK_KEYS =
            List.of("id", "object", "created", "model", "system_fingerprint", "choices");
    private static final List<String> CHOICE_KEYS = List.of("index", "delta", "logprobs", "finish_reason");

    private final UsageMeter meter = new UsageMeter();

    @Test
    void textStreamBecomesOpenAiChunksWithUsage() {
        List<SseEvent> events = Cassettes.sse("anthropic/messages-stream.sse");
        List<JsonNode> chunks = translate(events, new AnthropicStreamTranslator(ALIAS, true, meter));

        JsonNode first = chunks.getFirst();
        assertThat(first.path("choices").get(0).path("delta").toString())
                .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
        assertThat(content(chunks)).isEqualTo(textDeltas(events)).isEqualTo("**Pete** or **Scoop**");
        assertThat(finishReasons(chunks)).containsExactly("stop");

        JsonNode finish = chunks.stream().filter(c -> c.path("choices").path(0).path("finish_reason").isString())
                .findFirst().orElseThrow();
        assertThat(finish.path("choices").get(0).path("delta").toString()).isEqualTo("{}");

        JsonNode usageChunk = chunks.getLast();
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").toString()).isEqualTo(
                "{\"prompt_tokens\":17,\"completion_tokens\":12,\"total_tokens\":29,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0}}");
        chunks.subList(0, chunks.size() - 1).forEach(c -> assertThat(c.get("usage").isNull()).isTrue());

        assertThat(meter.providerReported()).isTrue();
        assertThat(meter.promptTokens()).isEqualTo(17);
        assertThat(meter.completionTokens()).isEqualTo(12);
        assertThat(meter.upstreamModel()).isEqualTo("claude-sonnet-4-6");
        assertThat(meter.completionText()).isEqualTo("**Pete** or **Scoop**");
    }

    @Test
    void everyChunkSharesIdCreatedAndAliasAndKeepsOpenAiKeyOrder() {
        List<JsonNode> chunks = translate(Cassettes.sse("anthropic/messages-tools-stream.sse"),
                new AnthropicStreamTranslator(ALIAS, true, meter));

        List<String> recordedOrder = fieldNames(firstRecordedOpenAiChunk());
        for (JsonNode chunk : chunks) {
            List<String> keys = fieldNames(chunk);
            assertThat(keys).startsWith(CHUNK_KEYS.toArray(String[]::new)).endsWith("usage").hasSize(7);
            assertThat(recordedOrder).containsSubsequence(keys);
            assertThat(chunk.get("id").stringValue()).isEqualTo("chatcmpl-msg_0138UNF3YbNp49KkqZtUBWqz");
            assertThat(chunk.get("object").stringValue()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("model").stringValue()).isEqualTo(ALIAS);
            assertThat(chunk.get("created").asLong()).isEqualTo(chunks.getFirst().get("created").asLong());
            for (JsonNode choice : chunk.get("choices")) {
                assertThat(fieldNames(choice)).isEqualTo(CHOICE_KEYS);
            }
        }
        assertThat(chunks.getFirst().get("created").asLong())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    }

    @Test
    void toolUseBlocksBecomeToolCallsIndexedFromZero() {
        List<SseEvent> events = Cassettes.sse("anthropic/messages-tools-stream.sse");
        List<JsonNode> chunks = translate(events, new AnthropicStreamTranslator(ALIAS, false, meter));

        assertThat(content(chunks)).isEqualTo(textDeltas(events))
                .startsWith("Certainly! I can help").endsWith("Let me fetch that data for you.");
        Map<Integer, JsonNode> starts = new TreeMap<>();
        Map<Integer, StringBuilder> arguments = new TreeMap<>();
        for (JsonNode chunk : chunks) {
            for (JsonNode call : chunk.path("choices").path(0).path("delta").path("tool_calls")) {
                int index = call.get("index").asInt();
                if (call.has("id")) {
                    assertThat(starts).doesNotContainKey(index);
                    assertThat(call.get("type").stringValue()).isEqualTo("function");
                    assertThat(call.path("function").get("arguments").stringValue()).isEmpty();
                    starts.put(index, call);
                } else {
                    assertThat(starts).containsKey(index);
                    assertThat(fieldNames(call)).containsExactly("index", "function");
                }
                arguments.computeIfAbsent(index, i -> new StringBuilder())
                        .append(call.path("function").get("arguments").stringValue());
            }
        }
        assertThat(starts.keySet()).containsExactly(0, 1);
        assertThat(starts.get(0).get("id").stringValue()).isEqualTo("toolu_014x5X91kx3fvdhpLvwXZWE2");
        assertThat(starts.get(0).path("function").get("name").stringValue()).isEqualTo("get_weather");
        assertThat(starts.get(1).get("id").stringValue()).isEqualTo("toolu_0121kXsENLvoDZ72LCuAnCCz");
        assertThat(starts.get(1).path("function").get("name").stringValue()).isEqualTo("get_time");
        assertThat(JSON.readTree(arguments.get(0).toString()))
                .isEqualTo(JSON.readTree("{\"location\": \"San Francisco, CA\", \"unit\": \"celsius\"}"));
        assertThat(JSON.readTree(arguments.get(1).toString()))
                .isEqualTo(JSON.readTree("{\"timezone\": \"America/Los_Angeles\"}"));
        assertThat(finishReasons(chunks)).containsExactly("tool_calls");

        // without include_usage: no usage key at all and no usage chunk
        chunks.forEach(c -> assertThat(c.has("usage")).isFalse());
        assertThat(chunks.getLast().path("choices").isEmpty()).isFalse();
        assertThat(meter.promptTokens()).isEqualTo(506);
        assertThat(meter.completionTokens()).isEqualTo(153);
        assertThat(meter.completionText()).contains("get_weather", "America/L");
    }

    @Test
    void cacheReadsCountAsPromptTokensAndAsCachedTokens() {
        List<JsonNode> chunks = translate(Cassettes.sse("anthropic/messages-cache-read-stream.sse"),
                new AnthropicStreamTranslator(ALIAS, true, meter));

        assertThat(finishReasons(chunks)).containsExactly("length");
        JsonNode usage = chunks.getLast().get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(11 + 1031);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(100);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(11 + 1031 + 100);
        assertThat(usage.path("prompt_tokens_details").get("cached_tokens").asLong()).isEqualTo(1031);
        assertThat(meter.promptTokens()).isEqualTo(1042);
        assertThat(meter.cachedTokens()).isEqualTo(1031);
        assertThat(meter.cacheWriteTokens()).isZero();
        assertThat(meter.completionTokens()).isEqualTo(100);
        assertThat(meter.upstreamModel()).isEqualTo("claude-sonnet-4-20250514");
    }

    @Test
    void inputUsageIsReportedAtMessageStartBeforeOutputIsKnown() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, true, meter);
        translator.onEvent(Cassettes.sse("anthropic/messages-cache-read-stream.sse").getFirst());

        assertThat(meter.providerReported()).isTrue();
        assertThat(meter.promptTokens()).isEqualTo(1042);
        assertThat(meter.cachedTokens()).isEqualTo(1031);
    }

    @Test
    void errorEventThrowsTheMappedError() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, true, meter);
        List<SseEvent> events = Cassettes.sse("anthropic/error-stream-overloaded.handwritten.sse");

        assertThat(events).hasSize(1);
        assertThatThrownBy(() -> translator.onEvent(events.getFirst()))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.error()).isEqualTo(new GatewayError.UpstreamFailed("anthropic", "Overloaded"));
                    assertThat(OpenAiErrors.status(e.error())).isEqualTo(502);
                });
    }

    @Test
    void midStreamRateLimitErrorIsPassedOnAsRejection() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, false, meter);
        SseEvent error = event("error",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many tokens\"}}");

        assertThatThrownBy(() -> translator.onEvent(error))
                .isInstanceOfSatisfying(GatewayException.class, e -> assertThat(e.error()).isEqualTo(
                        new GatewayError.UpstreamRejected(429, "Too many tokens", "rate_limit_error", null,
                                "rate_limit_exceeded")));
    }

    @Test
    void streamThatEndsBeforeMessageDeltaFails() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, true, meter);
        List<SseEvent> events = Cassettes.sse("anthropic/messages-stream.sse");
        events.subList(0, 5).forEach(translator::onEvent);

        assertThatThrownBy(translator::onComplete).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.error()).isInstanceOf(GatewayError.UpstreamFailed.class));
    }

    @Test
    void pingStopAndThinkingEventsSendNothing() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, false, meter);
        translator.onEvent(Cassettes.sse("anthropic/messages-stream.sse").getFirst());

        assertThat(translator.onEvent(event("ping", "{\"type\": \"ping\"}"))).isEmpty();
        assertThat(translator.onEvent(event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}")))
                .isEmpty();
        assertThat(translator.onEvent(event("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}")))
                .isEmpty();
        assertThat(translator.onEvent(event("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"x\"}}")))
                .isEmpty();
        assertThat(translator.onEvent(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")))
                .isEmpty();
        // a tool after a thinking block still gets OpenAI index 0
        List<byte[]> tool = translator.onEvent(event("content_block_start",
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_1\",\"name\":\"f\",\"input\":{}}}"));
        assertThat(parse(tool.getFirst()).path("choices").get(0).path("delta").path("tool_calls").get(0)
                .get("index").asInt()).isZero();
        assertThat(translator.onEvent(event("message_stop", "{\"type\":\"message_stop\"}"))).isEmpty();
        assertThat(meter.completionText()).doesNotContain("hmm");
    }

    @Test
    void doneFrameIsLastAndEveryOtherFrameIsADataJsonLine() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator(ALIAS, true, meter);
        List<byte[]> frames = new ArrayList<>();
        Cassettes.sse("anthropic/messages-stream.sse").forEach(e -> frames.addAll(translator.onEvent(e)));
        frames.addAll(translator.onComplete());

        assertThat(new String(frames.getLast(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        for (byte[] frame : frames.subList(0, frames.size() - 1)) {
            String text = new String(frame, StandardCharsets.UTF_8);
            assertThat(text).startsWith("data: {").endsWith("}\n\n");
            assertThat(text.substring(6, text.length() - 2)).doesNotContain("\n");
        }
    }

    // -- helpers

    private static List<JsonNode> translate(List<SseEvent> events, AnthropicStreamTranslator translator) {
        List<byte[]> frames = new ArrayList<>();
        for (SseEvent event : events) {
            frames.addAll(translator.onEvent(event));
        }
        frames.addAll(translator.onComplete());
        assertThat(new String(frames.getLast(), StandardCharsets.UTF_8)).isEqualTo("data: [DONE]\n\n");
        return frames.subList(0, frames.size() - 1).stream().map(AnthropicStreamTranslatorTests::parse).toList();
    }

    static JsonNode parse(byte[] frame) {
        String text = new String(frame, StandardCharsets.UTF_8);
        assertThat(text).startsWith("data: ").endsWith("\n\n");
        return JSON.readTree(text.substring("data: ".length()));
    }

    private static String content(List<JsonNode> chunks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            JsonNode content = chunk.path("choices").path(0).path("delta").path("content");
            if (content.isString()) {
                text.append(content.stringValue());
            }
        }
        return text.toString();
    }

    private static String textDeltas(List<SseEvent> events) {
        StringBuilder text = new StringBuilder();
        for (SseEvent event : events) {
            JsonNode delta = JSON.readTree(event.data()).path("delta");
            if ("text_delta".equals(delta.path("type").asString(""))) {
                text.append(delta.get("text").stringValue());
            }
        }
        return text.toString();
    }

    private static List<String> finishReasons(List<JsonNode> chunks) {
        return chunks.stream().map(c -> c.path("choices").path(0).path("finish_reason"))
                .filter(JsonNode::isString).map(JsonNode::stringValue).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    private static JsonNode firstRecordedOpenAiChunk() {
        SseEvent first = Cassettes.sse("openai/chat-stream-include-usage.sse").getFirst();
        return JSON.readTree(first.data());
    }

    private static SseEvent event(String name, String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        return new SseEvent(name, bytes, ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
}
