package dev.sluice.gateway.upstream;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event read from an upstream, owned by whoever holds it (no pooled buffer behind it).
 *
 * @param event the {@code event:} field, or null when the event had none (OpenAI sends none)
 * @param data  the {@code data:} field's bytes (several data lines joined by {@code \n}), UTF-8
 * @param frame the event exactly as received, terminating blank line included: what a passthrough writes on
 */
public record SseEvent(@Nullable String event, byte[] data, byte[] frame) {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    /** True for OpenAI's end-of-stream sentinel {@code data: [DONE]}. */
    public boolean isDone() {
        return java.util.Arrays.equals(data, DONE);
    }

    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }
}
