package dev.sluice.usage.event;

/** How a request ended, as seen by the gateway. */
public enum Outcome {
    /** The upstream answered and the whole response reached the client. */
    COMPLETED,
    /** The client went away before the response ended; usage covers what was streamed so far. */
    CANCELLED,
    /** The upstream failed, timed out or broke the stream; {@code errorCode} says how. */
    FAILED,
    /** The gateway refused the request before calling any upstream (bad input, auth, policy). */
    REJECTED
}
