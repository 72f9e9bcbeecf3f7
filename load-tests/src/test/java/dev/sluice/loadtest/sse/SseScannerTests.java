package dev.sluice.loadtest.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SseScannerTests {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void firstDataIsReportedOnceAndEventsAreCountedByBlankLines() {
        SseScanner scanner = new SseScanner();
        assertThat(scanner.feed(ascii(": keep-alive\n\n"))).isFalse();
        assertThat(scanner.feed(ascii("data: {\"a\":1}\n\n"))).isTrue();
        assertThat(scanner.feed(ascii("data: {\"a\":2}\n\n"))).isFalse();
        assertThat(scanner.events()).isEqualTo(3);
        assertThat(scanner.sawDone()).isFalse();
    }

    @Test
    void patternsSplitAcrossChunksAreFound() {
        SseScanner scanner = new SseScanner();
        assertThat(scanner.feed(ascii("da"))).isFalse();
        assertThat(scanner.feed(ascii("ta: {}\n"))).isTrue();
        scanner.feed(ascii("\ndata: [DO"));
        assertThat(scanner.sawDone()).isFalse();
        scanner.feed(ascii("NE]\n\n"));
        assertThat(scanner.sawDone()).isTrue();
        assertThat(scanner.events()).isEqualTo(2);
    }

    @Test
    void doneInsideContentThatIsNotAnEventStartStillNeedsTheDataPrefix() {
        SseScanner scanner = new SseScanner();
        scanner.feed(ascii("data: {\"content\":\"[DONE]\"}\n\r\n"));
        assertThat(scanner.sawDone()).isFalse();
        assertThat(scanner.events()).isEqualTo(1);
    }

    @Test
    void byteBufIndicesAreLeftAlone() {
        SseScanner scanner = new SseScanner();
        ByteBuf chunk = Unpooled.copiedBuffer("data: [DONE]\n\n", StandardCharsets.US_ASCII);
        chunk.readByte();
        assertThat(scanner.feed(chunk)).isFalse();
        assertThat(chunk.readerIndex()).isEqualTo(1);
        assertThat(scanner.bytes()).isEqualTo(13);
        assertThat(scanner.sawDone()).isFalse();
        chunk.release();
    }
}
