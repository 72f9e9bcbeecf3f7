package dev.sluice.gateway.error;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * Every way a request can fail, each mapped to one HTTP status and one OpenAI error type in
 * {@link OpenAiErrors}. The compiler checks that the mapping covers them all.
 */
public sealed interface GatewayError {

    /** Human-readable message, safe to show the client (no secrets, no stack traces). */
    String message();

    /** Malformed JSON, a missing or invalid field: 400. */
    record InvalidRequest(String message, @Nullable String param, @Nullable String code) implements GatewayError {
    }

    /** Missing, unknown, expired or revoked credentials: 401. */
    record Unauthenticated(String message, String code) implements GatewayError {
    }

    /** A known caller asking for something its policies forbid: 403. */
    record Forbidden(String message, String code) implements GatewayError {
    }

    /** The model alias is not configured: 404. */
    record ModelNotFound(String model) implements GatewayError {
        @Override
        public String message() {
            return "The model `" + model + "` does not exist or you do not have access to it.";
        }
    }

    /** No such endpoint: 404. */
    record RouteNotFound(String method, String path) implements GatewayError {
        @Override
        public String message() {
            return "Unknown request URL: " + method + " " + path + ".";
        }
    }

    /** The endpoint exists but not for this method: 405. */
    record MethodNotAllowed(String method, String path) implements GatewayError {
        @Override
        public String message() {
            return "Method " + method + " is not allowed on " + path + ".";
        }
    }

    /** The body is over the configured size limit: 413. */
    record PayloadTooLarge(long limitBytes) implements GatewayError {
        @Override
        public String message() {
            return "Request body exceeds the limit of " + limitBytes + " bytes.";
        }
    }

    /** A rate limit or budget refused the request: 429 with Retry-After. */
    record RateLimited(String message, String code, Duration retryAfter) implements GatewayError {
    }

    /** The upstream answered 4xx: passed on with its status and message. */
    record UpstreamRejected(int status, String message, String type, @Nullable String param, @Nullable String code)
            implements GatewayError {
    }

    /** The upstream answered 5xx, refused the connection or broke the stream: 502. */
    record UpstreamFailed(String provider, String message) implements GatewayError {
    }

    /** The upstream did not connect, answer or keep sending in time: 504. {@code phase} names the timeout. */
    record UpstreamTimeout(String provider, String phase) implements GatewayError {
        @Override
        public String message() {
            return "Upstream provider `" + provider + "` timed out (" + phase + ").";
        }
    }

    /** A dependency the gateway needs is down and the policy is to fail closed: 503. */
    record Unavailable(String message) implements GatewayError {
    }

    /** A bug: 500, logged with its cause. */
    record Internal(String message) implements GatewayError {
    }
}
