package dev.sluice.policy.store;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.KeyDirectory;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.PolicyDirectory;
import dev.sluice.policy.rules.PolicyTarget;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keys and policy lists cached in process (Caffeine, asynchronous: a miss never blocks a thread). Entries are dropped
 * by invalidation messages and refreshed in the background after {@code refreshAfter}; a refresh that fails (Postgres
 * down) keeps the old entry, so a warm instance goes on serving from cache. Unknown keys are cached as absent too.
 */
public final class CachedDirectory implements KeyDirectory, PolicyDirectory {

    private final AsyncLoadingCache<String, Optional<ApiKey>> keys;
    private final AsyncLoadingCache<PolicyTarget, List<Policy>> policies;

    public CachedDirectory(KeyDirectory keySource, PolicyDirectory policySource, long maximumSize, Duration refreshAfter) {
        this.keys = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .refreshAfterWrite(refreshAfter)
                .buildAsync((hash, executor) -> keySource.findByHash(hash).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture());
        this.policies = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .refreshAfterWrite(refreshAfter)
                .buildAsync((target, executor) -> policySource.policies(target).toFuture());
    }

    @Override
    public Mono<ApiKey> findByHash(String hash) {
        return Mono.fromFuture(keys.get(hash), true).flatMap(Mono::justOrEmpty);
    }

    @Override
    public Mono<List<Policy>> policies(PolicyTarget target) {
        return Mono.fromFuture(policies.get(target), true);
    }

    /** Applies one invalidation message. */
    public void invalidate(String message) {
        if (message.equals(Invalidation.ALL)) {
            keys.synchronous().invalidateAll();
            policies.synchronous().invalidateAll();
        } else if (message.startsWith("key:")) {
            keys.synchronous().invalidate(message.substring(4));
        } else if (message.startsWith("policy:")) {
            policies.synchronous().invalidate(PolicyTarget.parse(message.substring(7)));
        }
    }
}
