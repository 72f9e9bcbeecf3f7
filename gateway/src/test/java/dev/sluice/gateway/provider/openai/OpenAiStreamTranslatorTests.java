package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.upstream.SseEvent;
import dev.sluice.gateway.upstream.SseEventSplitter;
import dev.sluice.gateway.usage.UsageMeter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiStreamTranslatorTests {

    @Test
    void passesEveryFrameThroughUntouchedAndReadsTheUsageChunk() throws IOException {
        List<SseEvent> events = events("openai/chat-stream-include-usage.sse");
        UsageMeter meter = new UsageMeter();
        OpenAiStreamTranslator translator = new OpenAiStreamTranslator(true, meter, "openai");

        List<byte[]> out = new ArrayList<>();
        events.forEach(e -> out.addAll(translator.onEvent(e)));

        assertThat(out).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            assertThat(out.get(i)).isSameAs(events.get(i).frame());
        }
        assertThat(meter.providerReported()).isTrue();
        assertThat(meter.promptTokens()).isEqualTo(1420);
        assertThat(meter.completionTokens()).isEqualTo(100);
        assertThat(meter.cachedTokens()).isEqualTo(1280);
        assertThat(meter.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void dropsTheUsageChunkTheClientDidNotAskForButStillCountsIt() throws IOException {
        List<SseEvent> events = events("openai/chat-stream-include-usage.sse");
        UsageMeter meter = new UsageMeter();
        OpenAiStreamTranslator translator = new OpenAiStreamTranslator(false, meter, "openai");

        List<String> out = new ArrayList<>();
        events.forEach(e -> translator.onEvent(e).forEach(f -> out.add(new String(f, StandardCharsets.UTF_8))));

        assertThat(out).hasSize(events.size() - 1);
        assertThat(out).noneMatch(f -> f.contains("\"choices\":[]"));
        assertThat(out.getLast()).isEqualTo("data: [DONE]\n\n");
        assertThat(meter.completionTokens()).isEqualTo(100);
    }

    @Test
    void collectsTheTextSentForCountingWhenNoUsageComes() throws IOException {
        UsageMeter meter = new UsageMeter();
        OpenAiStreamTranslator translator = new OpenAiStreamTranslator(false, meter, "openai");
        StringBuilder expected = new StringBuilder();
        for (SseEvent e : events("openai/chat-stream.sse")) {
            translator.onEvent(e);
            if (!e.isDone()) {
                var delta = tools.jackson.databind.json.JsonMapper.shared().readTree(e.data())
                        .path("choices").path(0).path("delta").path("content");
                expected.append(delta.asString(""));
            }
        }

        assertThat(meter.providerReported()).isFalse();
        assertThat(meter.completionText()).isEqualTo(expected.toString()).isNotEmpty();
    }

    @Test
    void collectsToolCallArgumentsAsTextSent() throws IOException {
        UsageMeter meter = new UsageMeter();
        OpenAiStreamTranslator translator = new OpenAiStreamTranslator(false, meter, "openai");
        events("openai/chat-tools-stream.sse").forEach(translator::onEvent);

        assertThat(meter.completionText()).contains("get_current_weather").contains("{\"location\":\"San Francisco\"}");
    }

    @Test
    void aMalformedEventFailsTheStreamAsAnUpstreamError() {
        OpenAiStreamTranslator translator = new OpenAiStreamTranslator(false, new UsageMeter(), "vllm");
        SseEvent broken = new SseEventSplitter().feed("data: {\"id\":\n\n".getBytes(StandardCharsets.UTF_8)).getFirst();

        assertThatThrownBy(() -> translator.onEvent(broken))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("vllm");
    }

    static List<SseEvent> events(String path) throws IOException {
        try (InputStream in = OpenAiStreamTranslatorTests.class.getResourceAsStream("/cassettes/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new SseEventSplitter().feed(in.readAllBytes());
        }
    }
}
