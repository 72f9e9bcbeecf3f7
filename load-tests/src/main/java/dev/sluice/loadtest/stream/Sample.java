package dev.sluice.loadtest.stream;

import org.jspecify.annotations.Nullable;

/**
 * One request's outcome.
 *
 * @param startNanos  {@link System#nanoTime()} when the request was sent
 * @param status      HTTP status, or 0 when the exchange failed before a status
 * @param ttftNanos   from sending to the first {@code data:} of the body, or -1 if none came
 * @param totalNanos  from sending to the end of the body
 * @param sawDone     the body held {@code data: [DONE]}
 * @param events      SSE events received
 * @param maxGapNanos the longest wait between two body chunks
 * @param retryAfter  the {@code Retry-After} header, if any
 * @param failure     the exception's simple class name when the exchange failed
 */
public record Sample(long startNanos, int status, long ttftNanos, long totalNanos, boolean sawDone, int events, long maxGapNanos,
                     @Nullable String retryAfter, @Nullable String failure) {

    static Sample failed(Throwable e, long startNanos, long totalNanos) {
        return new Sample(startNanos, 0, -1, totalNanos, false, 0, 0, null, e.getClass().getSimpleName());
    }
}
