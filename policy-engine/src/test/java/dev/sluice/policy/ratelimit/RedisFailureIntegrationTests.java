package dev.sluice.policy.ratelimit;

import dev.sluice.policy.budget.SpendLedger;
import dev.sluice.policy.budget.SpendLedgers;
import dev.sluice.policy.support.RedisProcess;
import dev.sluice.policy.support.TestServices;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Failure modes with a Redis that really stops: its own redis-server process, killed and started again. */
class RedisFailureIntegrationTests {

    private static final Duration HOLD = Duration.ofMinutes(1);
    private static RedisProcess server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static String schema;
    private static SpendLedger ledger;

    @BeforeAll
    static void start() throws Exception {
        server = new RedisProcess();
        client = RedisClient.create(server.url());
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(500))).build());
        connection = client.connect();
        schema = TestServices.migratedSchema();
        ledger = SpendLedgers.postgres(TestServices.postgres(), schema, Duration.ofHours(1), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        client.shutdown();
        server.close();
        TestServices.dropSchema(schema);
    }

    @BeforeEach
    void redisIsUp() throws InterruptedException {
        awaitReconnect(); // the other test restarts the server
    }

    @Test
    void failOpenAdmitsWithLocalBucketsAndFailClosedRefusesWhileRedisIsDown() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BucketStore redis = BucketStores.redis(connection, "f", Duration.ofMillis(500), ledger);
        BucketStore open = BucketStores.redisWithFailover(redis, RedisFailureMode.FAIL_OPEN, meters);
        BucketStore closed = BucketStores.redisWithFailover(redis, RedisFailureMode.FAIL_CLOSED, meters);
        BucketSpec rpm = new BucketSpec("down", "p:x:rpm", BucketKind.RATE, 2, 1, 60_000, null);

        StepVerifier.create(open.reserve("1", List.of(rpm), HOLD))
                .assertNext(d -> assertThat(d.settler()).isSameAs(redis)).expectComplete().verify(Duration.ofSeconds(5));

        server.stop();
        try {
            StepVerifier.create(open.reserve("2", List.of(rpm), HOLD))
                    .assertNext(d -> {
                        assertThat(d.admitted()).isTrue();
                        assertThat(d.settler()).isNotSameAs(redis); // settles where it was taken: in memory
                    }).expectComplete().verify(Duration.ofSeconds(5));
            // the in-memory bucket still limits, per instance
            StepVerifier.create(open.reserve("3", List.of(rpm), HOLD).map(BucketDecision::admitted))
                    .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
            StepVerifier.create(open.reserve("4", List.of(rpm), HOLD).map(BucketDecision::admitted))
                    .expectNext(false).expectComplete().verify(Duration.ofSeconds(5));
            StepVerifier.create(closed.reserve("5", List.of(rpm), HOLD))
                    .expectError(BucketStoreUnavailableException.class).verify(Duration.ofSeconds(5));
            assertThat(meters.get("sluice.policy.redis.failures").tag("mode", "fail_open").counter().count()).isEqualTo(3);
            assertThat(meters.get("sluice.policy.redis.failures").tag("mode", "fail_closed").counter().count()).isEqualTo(1);
        } finally {
            server.start();
        }
    }

    @Test
    void budgetsAreRebuiltFromPostgresAfterRedisRestarts() throws Exception {
        BucketStore redis = BucketStores.redis(connection, "f", Duration.ofMillis(500), ledger);
        String name = "p:budget:usd-day:20990101";
        BucketSpec budget = new BucketSpec("rebuild", name, BucketKind.BUDGET_STRICT, 1_000_000, 400_000, 3_600_000,
                "rebuild|" + name);

        StepVerifier.create(redis.reserve("1", List.of(budget), HOLD).map(BucketDecision::admitted))
                .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
        // settled 0.7; the reservation path records it durably (the ledger) as well as in Redis
        StepVerifier.create(redis.settle("1", List.of(new BucketSettlement(budget, 700_000)))).verifyComplete();
        ledger.record("rebuild|" + name, 700_000);
        StepVerifier.create(ledger.flush()).expectNext(1).expectComplete().verify(Duration.ofSeconds(5));

        server.stop();
        server.start(); // no persistence: every counter is gone
        awaitReconnect();

        // 0.7 spent + 0.4 > 1.0: the counter came back from Postgres
        StepVerifier.create(redis.reserve("2", List.of(budget), HOLD).map(BucketDecision::admitted))
                .expectNext(false).expectComplete().verify(Duration.ofSeconds(5));
        BucketSpec small = new BucketSpec("rebuild", name, BucketKind.BUDGET_STRICT, 1_000_000, 300_000, 3_600_000,
                "rebuild|" + name);
        StepVerifier.create(redis.reserve("3", List.of(small), HOLD).map(BucketDecision::admitted))
                .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
    }

    /**
     * The bucket store's own timeout (RedisCalls: Lettuce's timer wheel, no Lettuce command timeout, as the gateway
     * configures its client): a Redis that stops answering fails the call at about the timeout, and the same
     * connection serves the next call once Redis answers again.
     */
    @Test
    void aRedisThatStopsAnsweringFailsTheCallAtTheTimeoutAndTheConnectionGoesOn() {
        RedisClient quiet = RedisClient.create(server.url());
        quiet.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.builder().timeoutCommands(false).build()).build());
        try (StatefulRedisConnection<String, String> own = quiet.connect()) {
            BucketStore redis = BucketStores.redis(own, "t", Duration.ofMillis(300), ledger);
            BucketSpec rpm = new BucketSpec("quiet", "p:q:rpm", BucketKind.RATE, 100, 1, 60_000, null);
            StepVerifier.create(redis.reserve("1", List.of(rpm), HOLD).map(BucketDecision::admitted))
                    .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));

            connection.sync().clientPause(1_500); // every client's commands wait 1.5 s: Redis is silent
            long start = System.nanoTime();
            AtomicReference<String> failedOn = new AtomicReference<>();
            StepVerifier.create(redis.reserve("2", List.of(rpm), HOLD)
                            .doOnError(e -> failedOn.set(Thread.currentThread().getName())))
                    .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(RedisCommandTimeoutException.class)
                            .hasMessageContaining("300 ms"))
                    .verify(Duration.ofSeconds(5));
            assertThat(failedOn.get()).startsWith("parallel-"); // not the timer wheel's thread
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(290L, 1_200L); // the 300 ms timeout, plus at most a tick of the wheel

            assertThat(own.sync().ping()).isEqualTo("PONG"); // answered when the pause ends

            StepVerifier.create(redis.reserve("3", List.of(rpm), HOLD).map(BucketDecision::admitted))
                    .expectNext(true).expectComplete().verify(Duration.ofSeconds(5));
        } finally {
            quiet.shutdown();
        }
    }

    private static void awaitReconnect() throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                if ("PONG".equals(connection.sync().ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("Lettuce did not reconnect");
    }
}
