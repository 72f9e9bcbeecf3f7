package dev.sluice.policy.autoconfigure;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** The policy engine's own Redis client and shared connection (Lettuce multiplexes one connection). */
public record PolicyRedis(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
