package dev.sluice.loadtest.sse;

import io.netty.buffer.ByteBuf;

/**
 * Watches one SSE response body as it arrives, chunk by chunk, without copying it: whether a {@code data:} event
 * has started, how many events ended (blank lines), and whether {@code data: [DONE]} was seen. Patterns split
 * across two chunks are found. One scanner per response; not thread-safe (a response arrives on one event loop).
 */
public final class SseScanner {

    private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private int dataMatched;
    private int doneMatched;
    private boolean sawData;
    private boolean sawDone;
    private boolean lastWasNewline;
    private int events;
    private long bytes;

    /**
     * Reads {@code chunk} without moving its indices.
     *
     * @return true when this chunk holds the body's first {@code data:} (the moment to stamp time to first token)
     */
    public boolean feed(ByteBuf chunk) {
        boolean hadData = sawData;
        int end = chunk.writerIndex();
        for (int i = chunk.readerIndex(); i < end; i++) {
            accept(chunk.getByte(i));
        }
        bytes += chunk.readableBytes();
        return !hadData && sawData;
    }

    /** Same as {@link #feed(ByteBuf)} for a byte array (tests, replayed bodies). */
    public boolean feed(byte[] chunk) {
        boolean hadData = sawData;
        for (byte b : chunk) {
            accept(b);
        }
        bytes += chunk.length;
        return !hadData && sawData;
    }

    private void accept(byte b) {
        if (b == '\n') {
            if (lastWasNewline) {
                events++;
            }
            lastWasNewline = true;
        } else if (b != '\r') {
            lastWasNewline = false;
        }
        if (!sawData) {
            dataMatched = advance(DATA, dataMatched, b);
            if (dataMatched == DATA.length) {
                sawData = true;
            }
        }
        if (!sawDone) {
            doneMatched = advance(DONE, doneMatched, b);
            if (doneMatched == DONE.length) {
                sawDone = true;
            }
        }
    }

    /** Both needles start with a 'd' that occurs nowhere else in them, so a mismatch restarts at 0 or 1. */
    private static int advance(byte[] needle, int matched, byte b) {
        if (needle[matched] == b) {
            return matched + 1;
        }
        return b == needle[0] ? 1 : 0;
    }

    public boolean sawData() {
        return sawData;
    }

    public boolean sawDone() {
        return sawDone;
    }

    /** Events terminated by a blank line so far. */
    public int events() {
        return events;
    }

    public long bytes() {
        return bytes;
    }
}
