package dev.sluice.policy.admission;

import dev.sluice.policy.budget.BudgetWindows;
import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.identity.Authentication;
import dev.sluice.policy.identity.Authenticator;
import dev.sluice.policy.ratelimit.BucketDecision;
import dev.sluice.policy.ratelimit.BucketKind;
import dev.sluice.policy.ratelimit.BucketSpec;
import dev.sluice.policy.ratelimit.BucketState;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.ratelimit.BucketStoreUnavailableException;
import dev.sluice.policy.rules.AppliedPolicies;
import dev.sluice.policy.rules.CounterRule;
import dev.sluice.policy.rules.Enforcement;
import dev.sluice.policy.rules.Money;
import dev.sluice.policy.rules.PolicyDirectory;
import dev.sluice.policy.rules.PolicyTarget;
import dev.sluice.policy.rules.Scope;
import dev.sluice.policy.rules.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Admission as a list of steps: who is calling (401), what they may ask for (403), then one reservation across every
 * counted limit (429, or 503 when the shared store is down and the failure mode is fail-closed). A warm request
 * touches only in-process caches and one Redis round trip.
 */
final class PolicyAdmissionCheck implements AdmissionCheck {

    private static final Logger log = LoggerFactory.getLogger(PolicyAdmissionCheck.class);

    private final Authenticator authenticator;
    private final PolicyDirectory policies;
    private final BucketStore buckets;
    private final SpendRecorder spend;
    private final PolicyEvents events;
    private final AdmissionSettings settings;
    private final Clock clock;
    private final Counter settleFailures;
    private final Counter storeFailures;

    PolicyAdmissionCheck(Authenticator authenticator, PolicyDirectory policies, BucketStore buckets, SpendRecorder spend,
                         PolicyEvents events, AdmissionSettings settings, Clock clock, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.policies = policies;
        this.buckets = buckets;
        this.spend = spend;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.settleFailures = meters.counter("sluice.policy.settle.failures");
        this.storeFailures = meters.counter("sluice.policy.store.failures");
    }

    @Override
    public Mono<Verdict> admit(AdmissionRequest request) {
        return authenticator.authenticate(request.authorization())
                .flatMap(auth -> switch (auth) {
                    case Authentication.Unauthenticated u -> Mono.just(reject(401, "invalid_api_key", u.message()));
                    case Authentication.Authenticated a -> admitCaller(a, request);
                })
                .onErrorResume(this::unavailable);
    }

    private Mono<Verdict> admitCaller(Authentication.Authenticated auth, AdmissionRequest request) {
        if (!AppliedPolicies.keyAllows(auth.allowedModels(), request.model())) {
            return Mono.just(reject(403, "model_not_allowed",
                    "This key may not use model '" + request.model() + "'."));
        }
        return applicable(auth.caller(), request.model())
                .flatMap(applied -> checkAndReserve(auth.caller(), applied, request));
    }

    private Mono<AppliedPolicies> applicable(Caller caller, String model) {
        List<PolicyTarget> targets = new ArrayList<>(4);
        if (caller.keyId() != null) {
            targets.add(new PolicyTarget(Scope.KEY, caller.tenant() + "/" + caller.keyId()));
        }
        if (caller.team() != null) {
            targets.add(new PolicyTarget(Scope.TEAM, caller.tenant() + "/" + caller.team()));
        }
        targets.add(new PolicyTarget(Scope.TENANT, caller.tenant() + "/" + caller.tenant()));
        targets.add(new PolicyTarget(Scope.MODEL, model));
        return Flux.fromIterable(targets)
                .flatMap(policies::policies)
                .flatMapIterable(list -> list)
                .filter(p -> p.tenant() == null || p.tenant().equals(caller.tenant()))
                .collectList()
                .map(AppliedPolicies::of);
    }

    private Mono<Verdict> checkAndReserve(Caller caller, AppliedPolicies applied, AdmissionRequest request) {
        List<Violation> violations = applied.staticViolations(request.model(), request.maxOutputTokens(),
                request.requestBytes());
        if (!violations.isEmpty()) {
            Violation first = violations.getFirst();
            return Mono.just(reject(403, first.rule(), first.message()));
        }
        long output = applied.outputBound(request.maxOutputTokens(), settings.defaultOutputTokens());
        long tokens = request.promptTokens() + output;
        long costMicros = Money.toMicros(request.prices() == null ? request.worstCaseCostUsd()
                : request.prices().cost(request.promptTokens(), output));
        List<CounterRule> rules = applied.counters();
        List<BucketSpec> specs = plan(caller.tenant(), rules, tokens, costMicros, clock.instant());
        String id = reservationId();
        return buckets.reserve(id, specs, settings.hold())
                .map(decision -> verdict(caller, rules, specs, decision, id, tokens));
    }

    private static List<BucketSpec> plan(String tenant, List<CounterRule> rules, long tokens, long costMicros,
                                         Instant now) {
        List<BucketSpec> specs = new ArrayList<>(rules.size());
        for (CounterRule rule : rules) {
            String name = rule.bucketName() + ":" + rule.counter().shortName();
            BucketKind budget = rule.enforcement() == Enforcement.SOFT ? BucketKind.BUDGET_SOFT : BucketKind.BUDGET_STRICT;
            specs.add(switch (rule.counter()) {
                case REQUESTS_PER_MINUTE -> new BucketSpec(tenant, name, BucketKind.RATE, rule.limit(), 1, 60_000, null);
                case TOKENS_PER_MINUTE -> new BucketSpec(tenant, name, BucketKind.RATE, rule.limit(), tokens, 60_000, null);
                case CONCURRENT -> new BucketSpec(tenant, name, BucketKind.CONCURRENCY, rule.limit(), 1, 60_000, null);
                case BUDGET_DAY -> budget(tenant, name + ":" + BudgetWindows.dayId(now), budget, rule.limit(),
                        costMicros, BudgetWindows.millisToDayEnd(now));
                case BUDGET_MONTH -> budget(tenant, name + ":" + BudgetWindows.monthId(now), budget, rule.limit(),
                        costMicros, BudgetWindows.millisToMonthEnd(now));
            });
        }
        return specs;
    }

    private static BucketSpec budget(String tenant, String name, BucketKind kind, long limit, long cost, long window) {
        return new BucketSpec(tenant, name, kind, limit, cost, window, tenant + "|" + name);
    }

    private Verdict verdict(Caller caller, List<CounterRule> rules, List<BucketSpec> specs, BucketDecision decision,
                            String id, long tokens) {
        Map<String, String> headers = headers(rules, decision.states());
        if (!decision.admitted()) {
            CounterRule failed = rules.get(decision.failedIndex());
            long retryMillis = decision.states().get(decision.failedIndex()).resetMillis();
            return rejectCount(failed, retryMillis, headers);
        }
        for (int i = 0; i < rules.size(); i++) {
            if (decision.states().get(i).over()) {
                CounterRule rule = rules.get(i);
                headers.put(RateLimitHeaders.BUDGET_WARNING, rule.counter().shortName() + " budget of policy "
                        + rule.policy().id() + " exceeded");
                events.softBudgetExceeded(caller, rule.policy().id(), rule.counter().shortName());
            }
        }
        Reservation reservation = specs.isEmpty() ? Reservation.NONE
                : new BucketReservation(id, specs, tokens, decision.settler(), spend, settleFailures);
        return new Verdict.Admit(caller, reservation, Map.copyOf(headers));
    }

    /** The tightest requests and tokens buckets, as OpenAI reports them. */
    private static Map<String, String> headers(List<CounterRule> rules, List<BucketState> states) {
        Map<String, String> headers = new HashMap<>();
        tightest(rules, states, dev.sluice.policy.rules.Counter.REQUESTS_PER_MINUTE, "requests", headers);
        tightest(rules, states, dev.sluice.policy.rules.Counter.TOKENS_PER_MINUTE, "tokens", headers);
        return headers;
    }

    private static void tightest(List<CounterRule> rules, List<BucketState> states,
                                 dev.sluice.policy.rules.Counter counter, String dimension, Map<String, String> headers) {
        int best = -1;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).counter() == counter && (best < 0 || states.get(i).remaining() < states.get(best).remaining())) {
                best = i;
            }
        }
        if (best >= 0) {
            BucketState s = states.get(best);
            RateLimitHeaders.put(headers, dimension, rules.get(best).limit(), s.remaining(), s.resetMillis());
        }
    }

    private static Verdict rejectCount(CounterRule rule, long retryMillis, Map<String, String> headers) {
        Duration retry = Duration.ofSeconds(Math.max(1, (retryMillis + 999) / 1000));
        String policy = rule.policy().id();
        return switch (rule.counter()) {
            case BUDGET_DAY, BUDGET_MONTH -> new Verdict.Reject(429, "insufficient_quota",
                    "You exceeded the " + (rule.counter() == dev.sluice.policy.rules.Counter.BUDGET_DAY ? "daily" : "monthly")
                            + " budget of policy " + policy + " (" + Money.fromMicros(rule.limit()).toPlainString() + " USD).",
                    retry, Map.copyOf(headers));
            case CONCURRENT -> new Verdict.Reject(429, "rate_limit_exceeded",
                    "Too many concurrent requests on policy " + policy + ": limit " + rule.limit() + ".", retry,
                    Map.copyOf(headers));
            case REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE -> new Verdict.Reject(429, "rate_limit_exceeded",
                    "Rate limit reached for " + (rule.counter() == dev.sluice.policy.rules.Counter.REQUESTS_PER_MINUTE
                            ? "requests" : "tokens") + " per minute on policy " + policy + ": limit " + rule.limit()
                            + ". Please try again in " + RateLimitHeaders.duration(retryMillis) + ".",
                    retry, Map.copyOf(headers));
        };
    }

    private static Verdict reject(int status, String code, String message) {
        return new Verdict.Reject(status, code, message, Duration.ZERO, Map.of());
    }

    private Mono<Verdict> unavailable(Throwable e) {
        storeFailures.increment();
        if (e instanceof BucketStoreUnavailableException) {
            return Mono.just(reject(503, "rate_limit_unavailable",
                    "The rate limit store is unavailable; requests are refused until it recovers."));
        }
        log.warn("admission failed: {}", e.toString());
        return Mono.just(reject(503, "policy_unavailable", "The policy store is unavailable; please retry."));
    }

    private static String reservationId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }
}
