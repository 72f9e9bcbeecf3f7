package dev.sluice.gateway.upstream;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an upstream body into server-sent events as bytes arrive, whatever the chunk boundaries
 * (per the HTML Living Standard's event-stream grammar: LF, CRLF or CR line ends; {@code data} lines joined with LF;
 * comments and unknown fields ignored). One instance per stream; not thread-safe (Reactor serialises onNext).
 *
 * <p>Buffers: {@link #feed} copies what it needs out of the {@code ByteBuf} before returning, so the caller
 * keeps ownership and the buffer may be released as soon as the call returns.
 */
public final class SseEventSplitter {

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private byte[] pending = new byte[512];
    private int length;          // bytes in pending
    private int lineStart;       // start of the first line not yet parsed
    private int eventStart;      // start of the event being assembled
    private @Nullable String eventName;
    private byte @Nullable [] data;
    private int dataLength;
    private boolean hasData;

    /** Feeds the next bytes; returns the events they complete, in order (often none or one). */
    public List<SseEvent> feed(ByteBuf chunk) {
        append(chunk);
        return drain();
    }

    /** Same as {@link #feed(ByteBuf)} for bytes already on the heap. */
    public List<SseEvent> feed(byte[] chunk) {
        ensureCapacity(length + chunk.length);
        System.arraycopy(chunk, 0, pending, length, chunk.length);
        length += chunk.length;
        return drain();
    }

    private void append(ByteBuf chunk) {
        int n = chunk.readableBytes();
        ensureCapacity(length + n);
        chunk.getBytes(chunk.readerIndex(), pending, length, n);
        length += n;
    }

    private List<SseEvent> drain() {
        List<SseEvent> events = null;
        int i = lineStart;
        while (i < length) {
            byte b = pending[i];
            if (b != LF && b != CR) {
                i++;
                continue;
            }
            int lineEnd = i;
            int next;
            if (b == CR) {
                if (i + 1 == length) {
                    break; // a CR at the end: wait to see whether LF follows
                }
                next = pending[i + 1] == LF ? i + 2 : i + 1;
            } else {
                next = i + 1;
            }
            if (lineEnd == lineStart) {
                SseEvent event = dispatch(next);
                if (event != null) {
                    if (events == null) {
                        events = new ArrayList<>(2);
                    }
                    events.add(event);
                }
                eventStart = next;
            } else {
                field(lineStart, lineEnd);
            }
            lineStart = next;
            i = next;
        }
        compact();
        return events == null ? List.of() : events;
    }

    private @Nullable SseEvent dispatch(int frameEnd) {
        SseEvent event = null;
        if (hasData || eventName != null) {
            byte[] frame = Arrays.copyOfRange(pending, eventStart, frameEnd);
            byte[] payload = data == null ? new byte[0] : Arrays.copyOf(data, dataLength);
            event = new SseEvent(eventName, payload, frame);
        }
        eventName = null;
        dataLength = 0;
        hasData = false;
        return event;
    }

    private void field(int start, int end) {
        if (pending[start] == ':') {
            return; // comment
        }
        int colon = start;
        while (colon < end && pending[colon] != ':') {
            colon++;
        }
        int valueStart = colon < end ? colon + 1 : end;
        if (valueStart < end && pending[valueStart] == ' ') {
            valueStart++;
        }
        int nameLength = colon - start;
        if (nameLength == 4 && matches(start, "data")) {
            appendData(valueStart, end);
        } else if (nameLength == 5 && matches(start, "event")) {
            eventName = new String(pending, valueStart, end - valueStart, StandardCharsets.UTF_8);
        }
    }

    private void appendData(int start, int end) {
        int n = end - start;
        int needed = dataLength + (hasData ? 1 : 0) + n;
        if (data == null || data.length < needed) {
            data = Arrays.copyOf(data == null ? new byte[Math.max(256, needed)] : data, Math.max(needed, dataLength * 2));
        }
        if (hasData) {
            data[dataLength++] = LF;
        }
        System.arraycopy(pending, start, data, dataLength, n);
        dataLength += n;
        hasData = true;
    }

    private boolean matches(int start, String name) {
        for (int k = 0; k < name.length(); k++) {
            if (pending[start + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private void compact() {
        if (eventStart == 0) {
            return;
        }
        int keep = length - eventStart;
        System.arraycopy(pending, eventStart, pending, 0, keep);
        lineStart -= eventStart;
        length = keep;
        eventStart = 0;
    }

    private void ensureCapacity(int needed) {
        if (pending.length < needed) {
            pending = Arrays.copyOf(pending, Math.max(needed, pending.length * 2));
        }
    }
}
