package dev.sluice.policy.store;

import reactor.core.publisher.Mono;

/** One instance, no Redis: invalidation applies to this cache only. */
final class LocalInvalidations implements Invalidations {

    private final CachedDirectory cache;

    LocalInvalidations(CachedDirectory cache) {
        this.cache = cache;
    }

    @Override
    public Mono<Void> publish(String message) {
        return Mono.fromRunnable(() -> cache.invalidate(message));
    }
}
