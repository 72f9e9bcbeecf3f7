package dev.sluice.policy.store;

import reactor.core.publisher.Mono;

/** Tells every instance (this one included) that a cached key or policy list changed. */
@FunctionalInterface
public interface Invalidations {

    Mono<Void> publish(String message);
}
