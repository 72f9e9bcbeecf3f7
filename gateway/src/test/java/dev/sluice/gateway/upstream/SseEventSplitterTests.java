package dev.sluice.gateway.upstream;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SseEventSplitterTests {

    @Test
    void splitsOpenAiStreamIntoItsEventsWithFramesByteForByte() throws IOException {
        byte[] body = cassette("openai/chat-stream.sse");
        List<SseEvent> events = new SseEventSplitter().feed(Unpooled.wrappedBuffer(body));

        assertThat(events).hasSize(countOf(body, "data: "));
        assertThat(events.getLast().isDone()).isTrue();
        assertThat(events).allSatisfy(e -> assertThat(e.event()).isNull());
        // Concatenated frames reproduce the recorded body exactly: a passthrough writes what it read.
        assertThat(concat(events)).isEqualTo(body);
        assertThat(events.getFirst().dataAsString()).startsWith("{\"id\":\"chatcmpl-").endsWith("}");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 1000})
    void chunkBoundariesDoNotChangeTheEvents(int seed) throws IOException {
        byte[] body = cassette("anthropic/messages-tools-stream.sse");
        List<SseEvent> whole = new SseEventSplitter().feed(Unpooled.wrappedBuffer(body));

        SseEventSplitter splitter = new SseEventSplitter();
        List<SseEvent> pieces = new ArrayList<>();
        Random random = new Random(seed);
        int at = 0;
        while (at < body.length) {
            int n = Math.min(body.length - at, 1 + random.nextInt(seed == 1 ? 1 : 40));
            pieces.addAll(splitter.feed(Unpooled.wrappedBuffer(body, at, n)));
            at += n;
        }

        assertThat(pieces).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(pieces.get(i).event()).isEqualTo(whole.get(i).event());
            assertThat(pieces.get(i).data()).isEqualTo(whole.get(i).data());
            assertThat(pieces.get(i).frame()).isEqualTo(whole.get(i).frame());
        }
        assertThat(whole.getFirst().event()).isEqualTo("message_start");
    }

    @Test
    void readsNamedEventsMultiLineDataCrLfAndIgnoresComments() {
        String stream = ": keep-alive\r\n\r\nevent: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\ndata: a\ndata: b\n\nid: 7\nretry: 10\n\n";
        List<SseEvent> events = new SseEventSplitter().feed(stream.getBytes(StandardCharsets.UTF_8));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).event()).isEqualTo("ping");
        assertThat(events.get(0).dataAsString()).isEqualTo("{\"type\": \"ping\"}");
        assertThat(events.get(1).event()).isNull();
        assertThat(events.get(1).dataAsString()).isEqualTo("a\nb");
        assertThat(new String(events.get(1).frame(), StandardCharsets.UTF_8)).isEqualTo("data: a\ndata: b\n\n");
    }

    @Test
    void holdsAnIncompleteEventUntilItsBlankLineArrives() {
        SseEventSplitter splitter = new SseEventSplitter();

        assertThat(splitter.feed("data: {\"x\":".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(splitter.feed("1}\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(splitter.feed("\r".getBytes(StandardCharsets.UTF_8))).isEmpty();
        List<SseEvent> events = splitter.feed("\n".getBytes(StandardCharsets.UTF_8));

        assertThat(events).singleElement().satisfies(e -> assertThat(e.dataAsString()).isEqualTo("{\"x\":1}"));
    }

    static byte[] cassette(String path) throws IOException {
        try (InputStream in = SseEventSplitterTests.class.getResourceAsStream("/cassettes/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }

    private static int countOf(byte[] body, String needle) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.split(needle, -1).length - 1;
    }

    private static byte[] concat(List<SseEvent> events) {
        byte[] all = new byte[0];
        for (SseEvent e : events) {
            int at = all.length;
            all = Arrays.copyOf(all, at + e.frame().length);
            System.arraycopy(e.frame(), 0, all, at, e.frame().length);
        }
        return all;
    }
}
