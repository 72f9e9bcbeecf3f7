package dev.sluice.gateway.error;

/** Carries a {@link GatewayError} through a reactive error channel. No stack trace: these are expected outcomes. */
public final class GatewayException extends RuntimeException {

    private final GatewayError error;

    public GatewayException(GatewayError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    public GatewayException(GatewayError error, Throwable cause) {
        super(error.message(), cause, false, false);
        this.error = error;
    }

    public GatewayError error() {
        return error;
    }
}
