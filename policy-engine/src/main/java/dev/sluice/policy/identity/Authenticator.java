package dev.sluice.policy.identity;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** Establishes who is calling from the raw {@code Authorization} header; errors only when a store cannot answer. */
@FunctionalInterface
public interface Authenticator {

    Mono<Authentication> authenticate(@Nullable String authorization);
}
