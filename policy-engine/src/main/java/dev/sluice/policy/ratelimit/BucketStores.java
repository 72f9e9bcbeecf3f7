package dev.sluice.policy.ratelimit;

import dev.sluice.policy.budget.DurableSpendSource;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/** Named factories of the bucket stores. */
public final class BucketStores {

    private BucketStores() {
    }

    /** In this process only: the embedded default. */
    public static BucketStore inMemory() {
        return new LocalBucketStore(System::currentTimeMillis);
    }

    /** Redis, shared by every instance; {@code timeout} bounds each round trip. */
    public static BucketStore redis(StatefulRedisConnection<String, String> connection, String keyPrefix,
                                    Duration timeout, DurableSpendSource spend) {
        return new RedisBucketStore(connection, keyPrefix, timeout, spend);
    }

    /** Redis with the failure policy: fail-open to in-memory buckets, or fail-closed. */
    public static BucketStore redisWithFailover(BucketStore redis, RedisFailureMode mode, MeterRegistry meters) {
        return new FailoverBucketStore(redis, inMemory(), mode, meters);
    }
}
