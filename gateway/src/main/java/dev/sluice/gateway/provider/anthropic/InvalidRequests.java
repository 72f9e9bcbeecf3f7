package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import org.jspecify.annotations.Nullable;

/** Builds the 400s the request translator throws, each naming the offending parameter. */
final class InvalidRequests {

    /** OpenAI's code for a parameter whose value is valid OpenAI but cannot be honoured here. */
    static final String UNSUPPORTED_VALUE = "unsupported_value";
    /** OpenAI's code for a parameter that cannot be honoured at all. */
    static final String UNSUPPORTED_PARAMETER = "unsupported_parameter";

    private InvalidRequests() {
    }

    static GatewayException invalid(String message, String param) {
        return of(message, param, null);
    }

    static GatewayException unsupportedValue(String message, String param) {
        return of(message, param, UNSUPPORTED_VALUE);
    }

    static GatewayException unsupportedParameter(String message, String param) {
        return of(message, param, UNSUPPORTED_PARAMETER);
    }

    private static GatewayException of(String message, String param, @Nullable String code) {
        return new GatewayException(new GatewayError.InvalidRequest(message, param, code));
    }
}
