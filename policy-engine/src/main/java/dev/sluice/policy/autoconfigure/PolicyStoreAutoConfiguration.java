package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.ApiKeys;
import dev.sluice.policy.identity.KeyStatus;
import dev.sluice.policy.rules.Limits;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.store.CachedDirectory;
import dev.sluice.policy.store.Directories;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where keys and policies come from: Postgres (migrated by Flyway at startup, read over R2DBC) when
 * {@code sluice.policy.postgres-url} is set, else the YAML configuration plus the development key. Either way behind
 * the Caffeine cache.
 */
@AutoConfiguration
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyStoreAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyStoreAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(prefix = "sluice.policy", name = "postgres-url")
    PolicyDatabase sluicePolicyDatabase(PolicyProperties properties) {
        String base = PostgresUrls.base(properties.postgresUrl());
        migrate("jdbc:" + base, properties);
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse("r2dbc:" + base).mutate()
                .option(ConnectionFactoryOptions.USER, properties.postgresUsername())
                .option(ConnectionFactoryOptions.PASSWORD, properties.postgresPassword() == null ? "" : properties.postgresPassword())
                .build();
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options))
                .maxSize(10).build());
        return new PolicyDatabase(pool, DatabaseClient.create(pool), properties.postgresSchema());
    }

    /** Blocking, once, at startup: Flyway speaks JDBC. */
    private static void migrate(String jdbcUrl, PolicyProperties properties) {
        Flyway.configure()
                .dataSource(jdbcUrl, properties.postgresUsername(), properties.postgresPassword())
                .schemas(properties.postgresSchema())
                .defaultSchema(properties.postgresSchema())
                .locations("classpath:db/sluice-policy")
                .table("flyway_policy_history")
                .load()
                .migrate();
    }

    @Bean
    CachedDirectory sluicePolicyDirectory(PolicyProperties properties, ObjectProvider<PolicyDatabase> database) {
        PolicyDatabase db = database.getIfAvailable();
        Directories.Both source = db != null ? Directories.postgres(db.client(), db.schema())
                : Directories.fixed(staticKeys(properties), staticPolicies(properties));
        return new CachedDirectory(source, source, properties.cacheMaximumSize(), properties.cacheRefresh());
    }

    static List<ApiKey> staticKeys(PolicyProperties properties) {
        List<ApiKey> keys = new ArrayList<>();
        for (PolicyProperties.StaticKey k : properties.keys()) {
            String hash = k.hash() != null ? k.hash() : ApiKeys.hash(require(k.key(), "sluice.policy.keys[].key or hash"));
            String prefix = k.key() != null ? ApiKeys.displayPrefix(k.key()) : "sk-…";
            keys.add(new ApiKey(k.id(), k.tenant(), k.team(), k.user(), prefix, hash, KeyStatus.ACTIVE, null,
                    k.allowedModels(), Map.of()));
        }
        if (properties.devKeyActive()) {
            log.warn("The development key {} is active: do not expose this gateway.", DevKey.PLAINTEXT);
            keys.add(new ApiKey(DevKey.ID, DevKey.TENANT, null, null, ApiKeys.displayPrefix(DevKey.PLAINTEXT),
                    ApiKeys.hash(DevKey.PLAINTEXT), KeyStatus.ACTIVE, null, java.util.Set.of(), Map.of()));
        }
        return keys;
    }

    static List<Policy> staticPolicies(PolicyProperties properties) {
        return properties.policies().stream()
                .map(p -> new Policy(p.id(), p.scope(), p.subject(), p.tenant(), p.limits() == null ? Limits.NONE : p.limits()))
                .toList();
    }

    private static String require(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }
}
