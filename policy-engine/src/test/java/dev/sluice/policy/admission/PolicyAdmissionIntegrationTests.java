package dev.sluice.policy.admission;

import dev.sluice.policy.budget.DurableSpendSource;
import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.ApiKeys;
import dev.sluice.policy.identity.Authenticators;
import dev.sluice.policy.identity.KeyStatus;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.ratelimit.BucketStores;
import dev.sluice.policy.rules.Enforcement;
import dev.sluice.policy.rules.Limits;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.Scope;
import dev.sluice.policy.store.Directories;
import dev.sluice.policy.support.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Admission end to end against real Redis: identity, hierarchical policies, buckets, settlement, budgets. */
class PolicyAdmissionIntegrationTests {

    private static RedisClient client;
    private static StatefulRedisConnection<String, String> redis;
    private static final String PREFIX = TestServices.randomPrefix();

    @BeforeAll
    static void connect() {
        client = RedisClient.create(TestServices.redisUrl());
        redis = TestServices.redis(client);
    }

    @AfterAll
    static void close() {
        List<String> keys = redis.sync().keys(PREFIX + ":*");
        if (!keys.isEmpty()) {
            redis.sync().del(keys.toArray(String[]::new));
        }
        client.shutdown();
    }

    private record Fixture(AdmissionCheck check, Map<String, String> plaintexts, List<String> softEvents) {
        String bearer(String keyId) {
            return "Bearer " + plaintexts.get(keyId);
        }
    }

    private static ApiKey key(String id, String tenant, String team, Map<String, String> plaintexts, Instant expires,
                              Set<String> models) {
        String plaintext = ApiKeys.generate();
        plaintexts.put(id, plaintext);
        return new ApiKey(id, tenant, team, null, ApiKeys.displayPrefix(plaintext), ApiKeys.hash(plaintext),
                KeyStatus.ACTIVE, expires, models, Map.of());
    }

    private static Fixture fixture(String tenant, List<Policy> policies, long defaultOutput) {
        Map<String, String> plaintexts = new ConcurrentHashMap<>();
        List<ApiKey> keys = List.of(
                key("a", tenant, "t1", plaintexts, null, Set.of()),
                key("b", tenant, "t1", plaintexts, null, Set.of()),
                key("c", tenant, "t2", plaintexts, null, Set.of()),
                key("old", tenant, "t1", plaintexts, Instant.now().minusSeconds(1), Set.of()),
                key("narrow", tenant, "t1", plaintexts, null, Set.of("small-model")));
        Directories.Both directory = Directories.fixed(keys, policies);
        BucketStore buckets = BucketStores.redis(redis, PREFIX, Duration.ofSeconds(5), DurableSpendSource.none());
        List<String> events = new ArrayList<>();
        AdmissionCheck check = AdmissionChecks.policyEngine(
                Authenticators.create(directory, null, null, Clock.systemUTC()), directory, buckets,
                SpendRecorder.none(), (caller, policy, budget) -> events.add(policy + ":" + budget),
                new AdmissionSettings(defaultOutput, Duration.ofMinutes(1)), Clock.systemUTC(), new SimpleMeterRegistry());
        return new Fixture(check, plaintexts, events);
    }

    private static Limits rpm(long rpm) {
        return new Limits(rpm, null, null, null, null, null, null, null, null, null);
    }

    private static AdmissionRequest request(String authorization, String model, long prompt, Long maxTokens,
                                            String costUsd) {
        return new AdmissionRequest(authorization, model, prompt, maxTokens, 100, new BigDecimal(costUsd));
    }

    private static Verdict admit(Fixture f, AdmissionRequest request) {
        return f.check().admit(request).block(Duration.ofSeconds(5));
    }

    private static boolean admitted(Fixture f, String key) {
        return admit(f, request(f.bearer(key), "gpt-4o", 10, 10L, "0")) instanceof Verdict.Admit;
    }

    @Test
    void keyTeamTenantAndModelLimitsAllApply() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(
                new Policy("pk-" + tenant, Scope.KEY, "a", tenant, rpm(2)),
                new Policy("pt-" + tenant, Scope.TEAM, "t1", tenant, rpm(3)),
                new Policy("pn-" + tenant, Scope.TENANT, tenant, tenant, rpm(5)),
                new Policy("pm-" + tenant, Scope.MODEL, "gpt-4o", null, rpm(4))), 100);

        assertThat(admitted(f, "a")).isTrue();
        assertThat(admitted(f, "a")).isTrue();
        assertThat(admitted(f, "a")).as("key limit 2").isFalse();
        assertThat(admitted(f, "b")).isTrue();
        assertThat(admitted(f, "b")).as("team limit 3 (a used 2)").isFalse();
        assertThat(admitted(f, "c")).isTrue();
        assertThat(admitted(f, "c")).as("model limit 4 per tenant").isFalse();
        // another model escapes the model policy but not the tenant's 5 (4 admitted so far)
        assertThat(admit(f, request(f.bearer("c"), "other", 1, 1L, "0"))).isInstanceOf(Verdict.Admit.class);
        Verdict last = admit(f, request(f.bearer("c"), "other", 1, 1L, "0"));
        assertThat(last).as("tenant limit 5").isInstanceOf(Verdict.Reject.class);
        Verdict.Reject reject = (Verdict.Reject) last;
        assertThat(reject.status()).isEqualTo(429);
        assertThat(reject.code()).isEqualTo("rate_limit_exceeded");
        assertThat(reject.retryAfter()).isPositive();
        assertThat(reject.headers()).containsEntry("x-ratelimit-remaining-requests", "0")
                .containsEntry("x-ratelimit-limit-requests", "5");
    }

    @Test
    void mostSpecificPolicyWinsOnModelListsAndCaps() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(
                new Policy("deny-" + tenant, Scope.TENANT, tenant, tenant,
                        new Limits(null, null, null, null, null, null, null, Set.of("gpt-4o"), 1000L, 50L)),
                new Policy("allow-" + tenant, Scope.KEY, "a", tenant,
                        new Limits(null, null, null, null, null, null, null, Set.of(), 2000L, null))), 100);

        assertThat(admit(f, request(f.bearer("a"), "gpt-4o", 1, 1500L, "0"))).isInstanceOf(Verdict.Reject.class)
                .extracting(v -> ((Verdict.Reject) v).code()).isEqualTo("request_too_large"); // size cap only at tenant: applies
        Verdict keyA = f.check().admit(new AdmissionRequest(f.bearer("a"), "gpt-4o", 1, 1500L, 10, BigDecimal.ZERO))
                .block(Duration.ofSeconds(5));
        assertThat(keyA).as("key's empty deny list and 2000 cap win over the tenant's").isInstanceOf(Verdict.Admit.class);
        Verdict keyB = f.check().admit(new AdmissionRequest(f.bearer("b"), "gpt-4o", 1, 10L, 10, BigDecimal.ZERO))
                .block(Duration.ofSeconds(5));
        assertThat(keyB).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) keyB).status()).isEqualTo(403);
        assertThat(((Verdict.Reject) keyB).code()).isEqualTo("model_not_allowed");
        Verdict capped = f.check().admit(new AdmissionRequest(f.bearer("b"), "other", 1, 1500L, 10, BigDecimal.ZERO))
                .block(Duration.ofSeconds(5));
        assertThat(((Verdict.Reject) capped).code()).isEqualTo("max_tokens_exceeded");
    }

    @Test
    void credentialsAreCheckedFirst() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(), 100);
        assertThat(status(admit(f, request(null, "m", 1, 1L, "0")))).isEqualTo(401);
        assertThat(status(admit(f, request("Bearer sk-sluice-unknown", "m", 1, 1L, "0")))).isEqualTo(401);
        assertThat(status(admit(f, request(f.bearer("old"), "m", 1, 1L, "0")))).as("expired").isEqualTo(401);
        assertThat(status(admit(f, request(f.bearer("narrow"), "big-model", 1, 1L, "0")))).isEqualTo(403);
        assertThat(admit(f, request(f.bearer("narrow"), "small-model", 1, 1L, "0"))).isInstanceOf(Verdict.Admit.class);
    }

    private static int status(Verdict v) {
        return v instanceof Verdict.Reject r ? r.status() : 200;
    }

    @Test
    void settlementReturnsUnusedTokensAndReleasesTheSlotEvenForACancelledStream() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(new Policy("p-" + tenant, Scope.KEY, "a", tenant,
                new Limits(null, 1000L, 1, null, null, null, null, null, null, null))), 100);

        Verdict.Admit first = (Verdict.Admit) admit(f, request(f.bearer("a"), "m", 100, 800L, "0"));
        assertThat(first.headers()).containsEntry("x-ratelimit-remaining-tokens", "100")
                .containsEntry("x-ratelimit-limit-tokens", "1000");
        assertThat(admit(f, request(f.bearer("a"), "m", 10, 10L, "0"))).as("one slot").isInstanceOf(Verdict.Reject.class);

        // the stream was cancelled after 150 tokens: the gateway settles in doFinally
        first.reservation().settle(150, BigDecimal.ZERO).block(Duration.ofSeconds(5));
        first.reservation().settle(150, BigDecimal.ZERO).block(Duration.ofSeconds(5)); // only the first counts
        Verdict.Admit second = (Verdict.Admit) admit(f, request(f.bearer("a"), "m", 100, 700L, "0"));
        assertThat(Long.parseLong(second.headers().get("x-ratelimit-remaining-tokens"))).isBetween(50L, 60L);
    }

    @Test
    void strictBudgetBlocksAndSoftBudgetWarns() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(
                new Policy("strict-" + tenant, Scope.KEY, "a", tenant,
                        new Limits(null, null, null, new BigDecimal("1.00"), null, Enforcement.STRICT, null, null, null, null)),
                new Policy("soft-" + tenant, Scope.KEY, "b", tenant,
                        new Limits(null, null, null, null, new BigDecimal("1.00"), Enforcement.SOFT, null, null, null, null))),
                100);

        Verdict.Admit a1 = (Verdict.Admit) admit(f, request(f.bearer("a"), "m", 1, 1L, "0.60"));
        Verdict a2 = admit(f, request(f.bearer("a"), "m", 1, 1L, "0.60"));
        assertThat(a2).as("0.6 held + 0.6 > 1.0").isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) a2).code()).isEqualTo("insufficient_quota");
        a1.reservation().settle(2, new BigDecimal("0.30")).block(Duration.ofSeconds(5));
        assertThat(admit(f, request(f.bearer("a"), "m", 1, 1L, "0.60"))).isInstanceOf(Verdict.Admit.class);

        Verdict.Admit b1 = (Verdict.Admit) admit(f, request(f.bearer("b"), "m", 1, 1L, "0.80"));
        assertThat(b1.headers()).doesNotContainKey("x-sluice-budget-warning");
        Verdict.Admit b2 = (Verdict.Admit) admit(f, request(f.bearer("b"), "m", 1, 1L, "0.80"));
        assertThat(b2.headers()).containsKey("x-sluice-budget-warning");
        assertThat(f.softEvents()).containsExactly("soft-" + tenant + ":usd-month");
    }

    /**
     * Without max_tokens the engine reserves the default output bound at the model's price; the real cost settles
     * afterwards, so a strict budget can be passed by at most (real output - bound) x output price per request in flight.
     */
    @Test
    void withoutMaxTokensTheDefaultOutputBoundIsReservedAndPriced() {
        String tenant = "acme-" + UUID.randomUUID();
        Fixture f = fixture(tenant, List.of(new Policy("p-" + tenant, Scope.KEY, "a", tenant,
                new Limits(null, 10_000L, null, new BigDecimal("1.00"), null, null, null, null, null, null))), 500);
        AdmissionRequest.Prices prices = new AdmissionRequest.Prices(new BigDecimal("0.0001"), new BigDecimal("0.001"));

        Verdict.Admit first = (Verdict.Admit) f.check().admit(new AdmissionRequest(f.bearer("a"), "m", 100, null, 10,
                BigDecimal.ZERO, prices)).block(Duration.ofSeconds(5));
        assertThat(first.headers()).containsEntry("x-ratelimit-remaining-tokens", Long.toString(10_000 - 100 - 500));
        // reserved 0.01 + 0.5 = 0.51 of 1.00: a second identical request does not fit while the first is in flight
        Verdict second = f.check().admit(new AdmissionRequest(f.bearer("a"), "m", 100, null, 10, BigDecimal.ZERO, prices))
                .block(Duration.ofSeconds(5));
        assertThat(second).isInstanceOf(Verdict.Reject.class);
        // the response ran past the bound (800 output tokens): the real cost is charged, 0.81, and the budget says so
        first.reservation().settle(900, prices.cost(100, 800)).block(Duration.ofSeconds(5));
        Verdict third = f.check().admit(new AdmissionRequest(f.bearer("a"), "m", 100, null, 10, BigDecimal.ZERO, prices))
                .block(Duration.ofSeconds(5));
        assertThat(third).as("0.81 spent + 0.51 > 1.00").isInstanceOf(Verdict.Reject.class);
    }

    @Test
    void reservationsNeverSettledStopCountingAfterTheHold() throws InterruptedException {
        String tenant = "acme-" + UUID.randomUUID();
        Map<String, String> plaintexts = new ConcurrentHashMap<>();
        ApiKey a = key("a", tenant, null, plaintexts, null, Set.of());
        Directories.Both directory = Directories.fixed(List.of(a), List.of(new Policy("p-" + tenant, Scope.KEY, "a", tenant,
                new Limits(null, null, 1, null, null, null, null, null, null, null))));
        AdmissionCheck check = AdmissionChecks.policyEngine(Authenticators.create(directory, null, null, Clock.systemUTC()),
                directory, BucketStores.redis(redis, PREFIX, Duration.ofSeconds(5), DurableSpendSource.none()),
                SpendRecorder.none(), (c, p, b) -> {
                }, new AdmissionSettings(100, Duration.ofMillis(300)), Clock.systemUTC(), new SimpleMeterRegistry());
        AdmissionRequest r = request("Bearer " + plaintexts.get("a"), "m", 1, 1L, "0");
        assertThat(check.admit(r).block(Duration.ofSeconds(5))).isInstanceOf(Verdict.Admit.class); // never settled
        assertThat(check.admit(r).block(Duration.ofSeconds(5))).isInstanceOf(Verdict.Reject.class);
        Thread.sleep(400);
        assertThat(check.admit(r).block(Duration.ofSeconds(5))).isInstanceOf(Verdict.Admit.class);
    }
}
