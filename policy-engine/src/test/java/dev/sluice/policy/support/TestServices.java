package dev.sluice.policy.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Duration;
import java.util.UUID;

/** Real Redis and Postgres for integration tests: environment variables first, else the local ports. Missing = failure. */
public final class TestServices {

    private TestServices() {
    }

    public static String redisUrl() {
        String url = System.getenv("SLUICE_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url;
    }

    /** A Postgres URL without driver scheme: {@code postgresql://host:port/db}. */
    public static String postgresBase() {
        String url = System.getenv("SLUICE_TEST_POSTGRES_URL");
        String u = url == null || url.isBlank() ? "postgresql://127.0.0.1:5432/test" : url;
        return u.replaceFirst("^(r2dbc:|jdbc:)", "");
    }

    public static String postgresUrl() {
        return "r2dbc:" + postgresBase();
    }

    public static String postgresUser() {
        String u = System.getenv("SLUICE_TEST_POSTGRES_USER");
        return u == null || u.isBlank() ? "postgres" : u;
    }

    public static String postgresPassword() {
        String p = System.getenv("SLUICE_TEST_POSTGRES_PASSWORD");
        return p == null ? "" : p;
    }

    /** Connects and pings; throws (the test fails) when Redis is not there. */
    public static StatefulRedisConnection<String, String> redis(RedisClient client) {
        StatefulRedisConnection<String, String> c = client.connect();
        c.setTimeout(Duration.ofSeconds(5));
        if (!"PONG".equals(c.sync().ping())) {
            throw new IllegalStateException("Redis at " + redisUrl() + " did not answer PING");
        }
        return c;
    }

    public static DatabaseClient postgres() {
        ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(postgresUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, postgresUser())
                .option(ConnectionFactoryOptions.PASSWORD, postgresPassword())
                .build());
        return DatabaseClient.create(factory);
    }

    public static String randomSchema() {
        return "policy_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static String randomPrefix() {
        return "sluicetest" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a fresh schema with the policy tables (Flyway, as at startup) and returns its name. */
    public static String migratedSchema() {
        String schema = randomSchema();
        org.flywaydb.core.Flyway.configure()
                .dataSource("jdbc:" + postgresBase(), postgresUser(), postgresPassword())
                .schemas(schema).defaultSchema(schema)
                .locations("classpath:db/sluice-policy").table("flyway_policy_history")
                .load().migrate();
        return schema;
    }

    public static void dropSchema(String schema) {
        postgres().sql("drop schema if exists " + schema + " cascade").then().block(Duration.ofSeconds(10));
    }
}
