package dev.sluice.policy.store;

import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.PolicyTarget;
import dev.sluice.policy.rules.Scope;
import dev.sluice.policy.support.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances, each with its own Lettuce client and Caffeine cache over one Postgres, kept fresh by pub/sub. */
class CacheInvalidationIntegrationTests {

    private static String schema;
    private static DatabaseClient db;
    private static RedisClient clientA;
    private static RedisClient clientB;

    @BeforeAll
    static void setUp() {
        schema = TestServices.migratedSchema();
        db = TestServices.postgres();
        clientA = RedisClient.create(TestServices.redisUrl());
        clientB = RedisClient.create(TestServices.redisUrl());
        db.sql("insert into " + schema + ".tenants (id, name) values ('acme', 'Acme')").then().block(Duration.ofSeconds(5));
        db.sql("insert into " + schema + ".policies (id, scope, subject, tenant_id, limits) values "
                + "('p1', 'TENANT', 'acme', 'acme', '{\"requestsPerMinute\": 10}')").then().block(Duration.ofSeconds(5));
    }

    @AfterAll
    static void tearDown() {
        clientA.shutdown();
        clientB.shutdown();
        TestServices.dropSchema(schema);
    }

    @Test
    void aChangePublishedByOneInstanceReachesTheOther() {
        String prefix = TestServices.randomPrefix();
        Directories.Both source = Directories.postgres(db, schema);
        CachedDirectory cacheA = new CachedDirectory(source, source, 1000, Duration.ofHours(1));
        CachedDirectory cacheB = new CachedDirectory(source, source, 1000, Duration.ofHours(1));
        StatefulRedisConnection<String, String> a = TestServices.redis(clientA);
        StatefulRedisConnection<String, String> b = TestServices.redis(clientB);
        try (InvalidationChannel channelA = Directories.redisInvalidations(clientA, a, prefix, cacheA);
             InvalidationChannel channelB = Directories.redisInvalidations(clientB, b, prefix, cacheB)) {
            channelA.ready().then(channelB.ready()).block(Duration.ofSeconds(5));
            PolicyTarget target = new PolicyTarget(Scope.TENANT, "acme/acme");
            assertThat(rpm(cacheA, target)).isEqualTo(10);
            assertThat(rpm(cacheB, target)).isEqualTo(10);

            db.sql("update " + schema + ".policies set limits = '{\"requestsPerMinute\": 20}' where id = 'p1'")
                    .then().block(Duration.ofSeconds(5));
            assertThat(rpm(cacheB, target)).as("cached: no Postgres round trip").isEqualTo(10);

            channelA.publish(Invalidation.policy(target)).block(Duration.ofSeconds(5));
            assertThat(rpm(cacheA, target)).isEqualTo(20);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rpm(cacheB, target) != 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(rpm(cacheB, target)).isEqualTo(20);
        }
    }

    @Test
    void aWarmCacheServesWhenTheStoreIsDown() throws InterruptedException {
        AtomicBoolean down = new AtomicBoolean();
        AtomicInteger loads = new AtomicInteger();
        Directories.Both postgres = Directories.postgres(db, schema);
        dev.sluice.policy.rules.PolicyDirectory flaky = target -> Mono.defer(() -> {
            loads.incrementAndGet();
            return down.get() ? Mono.error(new IllegalStateException("Postgres down")) : postgres.policies(target);
        });
        CachedDirectory cache = new CachedDirectory(postgres, flaky, 1000, Duration.ofMillis(50));
        PolicyTarget target = new PolicyTarget(Scope.TENANT, "acme/acme");
        assertThat(cache.policies(target).block(Duration.ofSeconds(5))).hasSize(1);

        down.set(true);
        Thread.sleep(100);
        // the refresh fails; the old entry is served
        for (int i = 0; i < 3; i++) {
            assertThat(cache.policies(target).block(Duration.ofSeconds(5))).hasSize(1);
            Thread.sleep(60);
        }
        assertThat(loads.get()).isGreaterThan(1);
    }

    private static long rpm(CachedDirectory cache, PolicyTarget target) {
        List<Policy> policies = cache.policies(target).block(Duration.ofSeconds(5));
        return policies.getFirst().limits().requestsPerMinute();
    }
}
