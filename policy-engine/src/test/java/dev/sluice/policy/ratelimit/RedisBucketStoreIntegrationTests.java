package dev.sluice.policy.ratelimit;

import dev.sluice.policy.budget.DurableSpendSource;
import dev.sluice.policy.support.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RedisBucketStoreIntegrationTests {

    private static final Duration HOLD = Duration.ofMinutes(1);
    private static RedisClient clientA;
    private static RedisClient clientB;
    private static StatefulRedisConnection<String, String> a;
    private static StatefulRedisConnection<String, String> b;
    private static final String PREFIX = TestServices.randomPrefix();
    private static final AtomicInteger seedLookups = new AtomicInteger();
    private static final DurableSpendSource SPEND = key -> {
        seedLookups.incrementAndGet();
        return Mono.just(key.contains("seeded") ? 900_000L : 0L);
    };

    @BeforeAll
    static void connect() {
        clientA = RedisClient.create(TestServices.redisUrl());
        clientB = RedisClient.create(TestServices.redisUrl());
        a = TestServices.redis(clientA);
        b = TestServices.redis(clientB);
    }

    @AfterAll
    static void close() {
        List<String> keys = a.sync().keys(PREFIX + ":*");
        if (!keys.isEmpty()) {
            a.sync().del(keys.toArray(String[]::new));
        }
        clientA.shutdown();
        clientB.shutdown();
    }

    private static BucketStore store(StatefulRedisConnection<String, String> c) {
        return BucketStores.redis(c, PREFIX, Duration.ofSeconds(5), SPEND);
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void twoInstancesAdmitExactlyTheLimitUnderConcurrentLoad() {
        BucketStore one = store(a);
        BucketStore two = store(b);
        String tenant = tenant();
        BucketSpec rpm = new BucketSpec(tenant, "p:x:rpm", BucketKind.RATE, 100, 1, 3_600_000, null);

        Mono<Long> admitted = Flux.range(0, 500)
                .flatMap(i -> (i % 2 == 0 ? one : two).reserve("r" + i, List.of(rpm), HOLD), 64)
                .filter(BucketDecision::admitted)
                .count();

        StepVerifier.create(admitted).expectNext(100L).verifyComplete();
    }

    @Test
    void rejectsAllBucketsOrNoneAndReportsTheFailingOne() {
        BucketStore store = store(a);
        String tenant = tenant();
        BucketSpec roomy = new BucketSpec(tenant, "p:a:rpm", BucketKind.RATE, 10, 1, 60_000, null);
        BucketSpec tight = new BucketSpec(tenant, "p:b:tpm", BucketKind.RATE, 100, 80, 60_000, null);

        StepVerifier.create(store.reserve("1", List.of(roomy, tight), HOLD))
                .assertNext(d -> {
                    assertThat(d.admitted()).isTrue();
                    assertThat(d.states().get(0).remaining()).isEqualTo(9);
                    assertThat(d.states().get(1).remaining()).isEqualTo(20);
                })
                .verifyComplete();
        StepVerifier.create(store.reserve("2", List.of(roomy, tight), HOLD))
                .assertNext(d -> {
                    assertThat(d.admitted()).isFalse();
                    assertThat(d.failedIndex()).isEqualTo(1);
                    assertThat(d.states().get(1).resetMillis()).isPositive();
                })
                .verifyComplete();
        // the rejected request took nothing from the roomy bucket
        StepVerifier.create(store.reserve("3", List.of(roomy), HOLD))
                .assertNext(d -> assertThat(d.states().getFirst().remaining()).isEqualTo(8))
                .verifyComplete();
    }

    @Test
    void settlementGivesBackUnusedTokensAndChargesOvershoot() {
        BucketStore store = store(a);
        BucketSpec tpm = new BucketSpec(tenant(), "p:c:tpm", BucketKind.RATE, 1000, 1000, 3_600_000, null);

        StepVerifier.create(store.reserve("1", List.of(tpm), HOLD).map(BucketDecision::admitted))
                .expectNext(true).verifyComplete();
        StepVerifier.create(store.settle("1", List.of(new BucketSettlement(tpm, 1000 - 100)))).verifyComplete();
        BucketSpec next = new BucketSpec(tpm.tenant(), tpm.name(), BucketKind.RATE, 1000, 900, 3_600_000, null);
        StepVerifier.create(store.reserve("2", List.of(next), HOLD).map(BucketDecision::admitted))
                .expectNext(true).verifyComplete();
        // request 2 used 1000 instead of 900: the overshoot is charged, leaving nothing for one more token
        StepVerifier.create(store.settle("2", List.of(new BucketSettlement(next, 900 - 1000)))).verifyComplete();
        BucketSpec one = new BucketSpec(tpm.tenant(), tpm.name(), BucketKind.RATE, 1000, 5, 3_600_000, null);
        StepVerifier.create(store.reserve("3", List.of(one), HOLD).map(BucketDecision::admitted))
                .expectNext(false).verifyComplete();
    }

    @Test
    void concurrencySlotIsReleasedBySettleAndExpiresWhenNeverSettled() throws InterruptedException {
        BucketStore store = store(a);
        BucketSpec slots = new BucketSpec(tenant(), "p:d:conc", BucketKind.CONCURRENCY, 1, 1, 60_000, null);

        assertThat(admitted(store.reserve("1", List.of(slots), HOLD))).isTrue();
        assertThat(admitted(store.reserve("2", List.of(slots), HOLD))).isFalse();
        StepVerifier.create(store.settle("1", List.of(new BucketSettlement(slots, 0)))).verifyComplete();
        assertThat(admitted(store.reserve("3", List.of(slots), Duration.ofMillis(300)))).isTrue();
        // "3" is never settled (a crashed instance): its slot frees itself after the hold
        assertThat(admitted(store.reserve("4", List.of(slots), HOLD))).isFalse();
        Thread.sleep(400);
        assertThat(admitted(store.reserve("5", List.of(slots), HOLD))).isTrue();
    }

    @Test
    void strictBudgetHoldsWorstCaseAndSettlesRealCost() throws InterruptedException {
        BucketStore store = store(a);
        String tenant = tenant();
        BucketSpec budget = budget(tenant, "p:e:usd-day:1", BucketKind.BUDGET_STRICT, 1_000_000, 600_000);

        assertThat(admitted(store.reserve("1", List.of(budget), HOLD))).isTrue();
        // held 0.6 of 1.0: a second worst case of 0.6 cannot fit while the first is in flight
        assertThat(admitted(store.reserve("2", List.of(budget), HOLD))).isFalse();
        StepVerifier.create(store.settle("1", List.of(new BucketSettlement(budget, 100_000)))).verifyComplete();
        assertThat(admitted(store.reserve("3", List.of(budget), Duration.ofMillis(300)))).isTrue(); // 0.1 spent + 0.6 held
        assertThat(admitted(store.reserve("4", List.of(budget), HOLD))).isFalse();
        Thread.sleep(400); // "3" never settles; its hold expires
        assertThat(admitted(store.reserve("5", List.of(budget), HOLD))).isTrue();
    }

    @Test
    void softBudgetAdmitsPastTheLimitAndSaysSo() {
        BucketStore store = store(a);
        BucketSpec budget = budget(tenant(), "p:f:usd-day:1", BucketKind.BUDGET_SOFT, 1_000_000, 700_000);

        StepVerifier.create(store.reserve("1", List.of(budget), HOLD))
                .assertNext(d -> assertThat(d.states().getFirst().over()).isFalse()).verifyComplete();
        StepVerifier.create(store.reserve("2", List.of(budget), HOLD))
                .assertNext(d -> {
                    assertThat(d.admitted()).isTrue();
                    assertThat(d.states().getFirst().over()).isTrue();
                    assertThat(d.states().getFirst().remaining()).isEqualTo(-400_000);
                }).verifyComplete();
    }

    @Test
    void budgetIsRebuiltFromDurableSpendWhenRedisLostIt() {
        BucketStore store = store(a);
        String tenant = tenant();
        BucketSpec budget = budget(tenant, "p:seeded:usd-day:1", BucketKind.BUDGET_STRICT, 1_000_000, 200_000);
        int before = seedLookups.get();

        // the durable source says 0.9 was already spent: 0.2 more does not fit
        assertThat(admitted(store.reserve("1", List.of(budget), HOLD))).isFalse();
        assertThat(seedLookups.get()).isEqualTo(before + 1);
        // seeded once; later reservations do not look it up again
        BucketSpec small = budget(tenant, "p:seeded:usd-day:1", BucketKind.BUDGET_STRICT, 1_000_000, 100_000);
        assertThat(admitted(store.reserve("2", List.of(small), HOLD))).isTrue();
        assertThat(seedLookups.get()).isEqualTo(before + 1);
    }

    @Test
    void scriptsAreLoadedAgainAfterScriptFlush() {
        BucketStore store = store(a);
        BucketSpec rpm = new BucketSpec(tenant(), "p:g:rpm", BucketKind.RATE, 5, 1, 60_000, null);
        assertThat(admitted(store.reserve("1", List.of(rpm), HOLD))).isTrue();
        a.sync().scriptFlush();
        assertThat(admitted(store.reserve("2", List.of(rpm), HOLD))).isTrue();
    }

    private static BucketSpec budget(String tenant, String name, BucketKind kind, long limit, long cost) {
        return new BucketSpec(tenant, name, kind, limit, cost, 3_600_000, tenant + "|" + name);
    }

    private static boolean admitted(Mono<BucketDecision> decision) {
        Boolean result = decision.map(BucketDecision::admitted).block(Duration.ofSeconds(5));
        return Boolean.TRUE.equals(result);
    }
}
