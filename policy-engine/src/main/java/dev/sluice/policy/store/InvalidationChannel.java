package dev.sluice.policy.store;

import reactor.core.publisher.Mono;

/** Invalidations that arrive from other instances too; close it on shutdown. */
public interface InvalidationChannel extends Invalidations, AutoCloseable {

    /** Completes once this instance listens. */
    Mono<Void> ready();

    @Override
    void close();
}
