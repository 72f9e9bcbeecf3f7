package dev.sluice.gateway.api;

import dev.sluice.gateway.usage.RequestUsage;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

/** Opens a request's usage account from what its exchange carries. */
final class Exchanges {

    private Exchanges() {
    }

    static RequestUsage open(ServerRequest request, String endpoint) {
        return new RequestUsage(RequestIdFilter.of(request.exchange()),
                traceId(request.headers().firstHeader("traceparent")), endpoint);
    }

    /** The trace id of a W3C {@code traceparent} header ({@code 00-<32 hex>-<16 hex>-<2 hex>}), if well formed. */
    static @Nullable String traceId(@Nullable String traceparent) {
        if (traceparent == null || traceparent.length() < 55 || traceparent.charAt(2) != '-' || traceparent.charAt(35) != '-') {
            return null;
        }
        String id = traceparent.substring(3, 35);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return id;
    }
}
