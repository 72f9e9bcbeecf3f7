package dev.sluice.policy.store;

import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.KeyDirectory;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.PolicyDirectory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.r2dbc.core.DatabaseClient;

import java.util.List;

/** Named factories of key and policy directories and of invalidation channels. */
public final class Directories {

    private Directories() {
    }

    /** Both directories in one object. */
    public interface Both extends KeyDirectory, PolicyDirectory {
    }

    public static Both fixed(List<ApiKey> keys, List<Policy> policies) {
        StaticDirectory d = new StaticDirectory(keys, policies);
        return both(d, d);
    }

    public static Both postgres(DatabaseClient db, String schema) {
        PostgresDirectory d = new PostgresDirectory(db, schema);
        return both(d, d);
    }

    private static Both both(KeyDirectory keys, PolicyDirectory policies) {
        return new Both() {
            @Override
            public reactor.core.publisher.Mono<ApiKey> findByHash(String hash) {
                return keys.findByHash(hash);
            }

            @Override
            public reactor.core.publisher.Mono<List<Policy>> policies(dev.sluice.policy.rules.PolicyTarget target) {
                return policies.policies(target);
            }
        };
    }

    /** Pub/sub across instances sharing one Redis. */
    public static InvalidationChannel redisInvalidations(RedisClient client, StatefulRedisConnection<String, String> publisher,
                                                       String keyPrefix, CachedDirectory cache) {
        return new RedisInvalidations(client, publisher, keyPrefix, cache);
    }

    /** This instance only. */
    public static Invalidations localInvalidations(CachedDirectory cache) {
        return new LocalInvalidations(cache);
    }
}
