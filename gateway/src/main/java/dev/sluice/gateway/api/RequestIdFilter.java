package dev.sluice.gateway.api;

import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every exchange an {@code x-request-id}: the client's own when it sent a sane one, else a new one, and
 * puts it on the response whatever the outcome (errors included).
 */
public final class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "x-request-id";
    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";
    private static final int MAX_LENGTH = 128;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String requestId = accepted(exchange.getRequest().getHeaders().getFirst(HEADER));
        if (requestId == null) {
            requestId = generate();
        }
        exchange.getAttributes().put(ATTRIBUTE, requestId);
        exchange.getResponse().getHeaders().set(HEADER, requestId);
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    public static String of(ServerWebExchange exchange) {
        String id = exchange.getAttribute(ATTRIBUTE);
        return id != null ? id : generate();
    }

    /** Printable ASCII without spaces, at most 128 characters; anything else is replaced. */
    private static @Nullable String accepted(@Nullable String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return null;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (c <= ' ' || c > '~') {
                return null;
            }
        }
        return candidate;
    }

    private static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "req_" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
    }
}
