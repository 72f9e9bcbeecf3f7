package dev.sluice.policy.admission;

import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.identity.Authentication;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.ratelimit.BucketStores;
import dev.sluice.policy.ratelimit.RedisFailureMode;
import dev.sluice.policy.rules.Limits;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.Scope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How admission turns a store failure into a verdict (the real Redis outage is in RedisFailureIntegrationTests). */
class FailClosedAdmissionTests {

    private static final BucketStore BROKEN = new BucketStore() {
        @Override
        public Mono<dev.sluice.policy.ratelimit.BucketDecision> reserve(String id, List<dev.sluice.policy.ratelimit.BucketSpec> b,
                                                                       Duration hold) {
            return Mono.error(new io.lettuce.core.RedisConnectionException("connection refused"));
        }

        @Override
        public Mono<Void> settle(String id, List<dev.sluice.policy.ratelimit.BucketSettlement> s) {
            return Mono.error(new io.lettuce.core.RedisConnectionException("connection refused"));
        }
    };

    private static AdmissionCheck check(RedisFailureMode mode) {
        Caller caller = new Caller("t", null, null, "k", Set.of());
        return AdmissionChecks.policyEngine(auth -> Mono.just(new Authentication.Authenticated(caller, Set.of())),
                target -> Mono.just(target.scope() == Scope.KEY
                        ? List.of(new Policy("p", Scope.KEY, "k", "t", new Limits(5L, null, null, null, null, null, null,
                        null, null, null))) : List.of()),
                BucketStores.redisWithFailover(BROKEN, mode, new SimpleMeterRegistry()), SpendRecorder.none(),
                (c, p, b) -> {
                }, new AdmissionSettings(10, Duration.ofMinutes(1)), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static final AdmissionRequest REQUEST = new AdmissionRequest("Bearer sk-x", "m", 1, 1L, 1, BigDecimal.ZERO);

    @Test
    void failClosedAnswers503() {
        StepVerifier.create(check(RedisFailureMode.FAIL_CLOSED).admit(REQUEST))
                .assertNext(v -> {
                    assertThat(v).isInstanceOf(Verdict.Reject.class);
                    assertThat(((Verdict.Reject) v).status()).isEqualTo(503);
                    assertThat(((Verdict.Reject) v).code()).isEqualTo("rate_limit_unavailable");
                })
                .expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void failOpenAdmitsAndAFailedSettlementCompletesQuietly() {
        Verdict v = check(RedisFailureMode.FAIL_OPEN).admit(REQUEST).block(Duration.ofSeconds(5));
        assertThat(v).isInstanceOf(Verdict.Admit.class);
        assertThat(((Verdict.Admit) v).headers()).containsEntry("x-ratelimit-limit-requests", "5")
                .containsEntry("x-ratelimit-remaining-requests", "4");
        StepVerifier.create(((Verdict.Admit) v).reservation().settle(2, BigDecimal.ONE))
                .expectComplete().verify(Duration.ofSeconds(5));
    }

    @Test
    void resetDurationsReadLikeOpenAis() {
        assertThat(RateLimitHeaders.duration(20)).isEqualTo("20ms");
        assertThat(RateLimitHeaders.duration(1000)).isEqualTo("1s");
        assertThat(RateLimitHeaders.duration(1500)).isEqualTo("1.5s");
        assertThat(RateLimitHeaders.duration(360_000)).isEqualTo("6m0s");
    }
}
