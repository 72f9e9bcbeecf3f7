package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.budget.DurableSpendSource;
import dev.sluice.policy.budget.SpendLedger;
import dev.sluice.policy.budget.SpendLedgers;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.ratelimit.BucketStores;
import dev.sluice.policy.store.CachedDirectory;
import dev.sluice.policy.store.Directories;
import dev.sluice.policy.store.Invalidations;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Buckets and invalidation: Redis (Lua buckets with the configured failure mode, pub/sub invalidation) when
 * {@code sluice.policy.redis-url} is set, else in memory. Durable spend in Postgres when it is configured.
 */
@AutoConfiguration(after = PolicyStoreAutoConfiguration.class)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyBucketsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "sluice.policy", name = "redis-url")
    PolicyRedis sluicePolicyRedis(PolicyProperties properties) {
        RedisClient client = RedisClient.create(properties.redisUrl());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                // No TimeoutOptions: its expiry writer deadlocked with close() in Lettuce's SharedLock (a writer spun
                // on an event loop while shutdown waited). Admission's calls are bounded by RedisCalls (Lettuce's timer wheel).
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build())
                .build());
        return new PolicyRedis(client, client.connect());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "sluice.policy", name = "postgres-url")
    SpendLedger sluiceSpendLedger(PolicyProperties properties, PolicyDatabase database,
                                  ObjectProvider<MeterRegistry> meters) {
        return SpendLedgers.postgres(database.client(), database.schema(), properties.spendFlushInterval(),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    BucketStore sluiceBucketStore(PolicyProperties properties, ObjectProvider<PolicyRedis> redis,
                                  ObjectProvider<SpendLedger> ledger, ObjectProvider<MeterRegistry> meters) {
        PolicyRedis r = redis.getIfAvailable();
        if (r == null) {
            return BucketStores.inMemory();
        }
        DurableSpendSource spend = ledger.getIfAvailable() != null ? ledger.getObject() : DurableSpendSource.none();
        BucketStore shared = BucketStores.redis(r.connection(), properties.redisKeyPrefix(),
                properties.redisTimeout(), spend);
        return BucketStores.redisWithFailover(shared, properties.redisFailureMode(),
                meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    /** Closed on shutdown through its inferred {@code close()} when it is a Redis subscription. */
    @Bean
    Invalidations sluicePolicyInvalidations(PolicyProperties properties, ObjectProvider<PolicyRedis> redis,
                                           CachedDirectory cache) {
        PolicyRedis r = redis.getIfAvailable();
        return r == null ? Directories.localInvalidations(cache)
                : Directories.redisInvalidations(r.client(), r.connection(), properties.redisKeyPrefix(), cache);
    }
}
