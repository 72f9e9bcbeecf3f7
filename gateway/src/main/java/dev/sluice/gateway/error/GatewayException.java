package dev.sluice.gateway.error;

import java.util.Map;

/**
 * Carries a {@link GatewayError} through a reactive error channel, with any response headers it needs (rate-limit
 * state on a 429). No stack trace: these are expected outcomes.
 */
public final class GatewayException extends RuntimeException {

    private final GatewayError error;
    private final Map<String, String> headers;

    public GatewayException(GatewayError error) {
        this(error, Map.of());
    }

    public GatewayException(GatewayError error, Map<String, String> headers) {
        super(error.message(), null, false, false);
        this.error = error;
        this.headers = Map.copyOf(headers);
    }

    public GatewayException(GatewayError error, Throwable cause) {
        super(error.message(), cause, false, false);
        this.error = error;
        this.headers = Map.of();
    }

    public GatewayError error() {
        return error;
    }

    /** Headers the error response carries besides the body. */
    public Map<String, String> headers() {
        return headers;
    }
}
