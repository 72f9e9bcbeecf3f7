package dev.sluice.policy.rules;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The policies that apply to one request, most specific first. Where they conflict (model lists, caps) the most
 * specific policy that states a rule wins; every counted limit applies, each in its own bucket.
 */
public final class AppliedPolicies {

    private final List<Policy> policies;

    private AppliedPolicies(List<Policy> policies) {
        this.policies = policies;
    }

    /** Orders by specificity: key, team, tenant, then model (a tenant's own model policy before a global one). */
    public static AppliedPolicies of(List<Policy> policies) {
        List<Policy> sorted = new ArrayList<>(policies);
        sorted.sort(Comparator.comparing(Policy::scope).thenComparing(p -> p.tenant() == null));
        return new AppliedPolicies(List.copyOf(sorted));
    }

    public List<Policy> policies() {
        return policies;
    }

    /** The rules this request breaks on its own, without counting anything. */
    public List<Violation> staticViolations(String model, @Nullable Long maxOutputTokens, long requestBytes) {
        List<Violation> violations = new ArrayList<>();
        Policy allow = first(l -> l.allowModels());
        if (allow != null && !allow.limits().allowModels().contains(model)) {
            violations.add(new Violation("model_not_allowed", allow.id(), "model '" + model + "' is not allowed"));
        }
        Policy deny = first(l -> l.denyModels());
        if (deny != null && deny.limits().denyModels().contains(model)) {
            violations.add(new Violation("model_not_allowed", deny.id(), "model '" + model + "' is denied"));
        }
        Policy cap = first(Limits::maxTokens);
        if (cap != null && maxOutputTokens != null && maxOutputTokens > cap.limits().maxTokens()) {
            violations.add(new Violation("max_tokens_exceeded", cap.id(),
                    "max_tokens " + maxOutputTokens + " exceeds the cap of " + cap.limits().maxTokens()));
        }
        Policy size = first(Limits::maxRequestBytes);
        if (size != null && requestBytes > size.limits().maxRequestBytes()) {
            violations.add(new Violation("request_too_large", size.id(),
                    "request of " + requestBytes + " bytes exceeds the cap of " + size.limits().maxRequestBytes()));
        }
        return violations;
    }

    /** The output tokens to reserve: max_tokens when named, else the most specific cap, else the configured default. */
    public long outputBound(@Nullable Long maxOutputTokens, long defaultBound) {
        if (maxOutputTokens != null) {
            return maxOutputTokens;
        }
        Policy cap = first(Limits::maxTokens);
        return cap != null ? cap.limits().maxTokens() : defaultBound;
    }

    /** Every counted limit, one per policy and counter. */
    public List<CounterRule> counters() {
        List<CounterRule> rules = new ArrayList<>();
        for (Policy p : policies) {
            Limits l = p.limits();
            Enforcement e = l.enforcementOrStrict();
            if (l.requestsPerMinute() != null) {
                rules.add(new CounterRule(p, Counter.REQUESTS_PER_MINUTE, l.requestsPerMinute(), Enforcement.STRICT));
            }
            if (l.tokensPerMinute() != null) {
                rules.add(new CounterRule(p, Counter.TOKENS_PER_MINUTE, l.tokensPerMinute(), Enforcement.STRICT));
            }
            if (l.maxConcurrent() != null) {
                rules.add(new CounterRule(p, Counter.CONCURRENT, l.maxConcurrent(), Enforcement.STRICT));
            }
            if (l.budgetDayUsd() != null) {
                rules.add(new CounterRule(p, Counter.BUDGET_DAY, Money.toMicros(l.budgetDayUsd()), e));
            }
            if (l.budgetMonthUsd() != null) {
                rules.add(new CounterRule(p, Counter.BUDGET_MONTH, Money.toMicros(l.budgetMonthUsd()), e));
            }
        }
        return rules;
    }

    /**
     * Rules a request breaks whatever the counters hold: more tokens than a bucket can ever hold, a worst-case cost
     * above a strict budget. Used by the evaluate endpoint, which counts nothing.
     */
    public List<Violation> impossibleCounts(long tokens, long costMicros) {
        List<Violation> violations = new ArrayList<>();
        for (CounterRule rule : counters()) {
            long need = switch (rule.counter()) {
                case REQUESTS_PER_MINUTE, CONCURRENT -> 1;
                case TOKENS_PER_MINUTE -> tokens;
                case BUDGET_DAY, BUDGET_MONTH -> rule.enforcement() == Enforcement.STRICT ? costMicros : 0;
            };
            if (need > rule.limit()) {
                violations.add(new Violation(rule.counter().shortName() + "_exceeded", rule.policy().id(),
                        rule.counter().shortName() + " limit " + rule.limit() + " is below this request's " + need));
            }
        }
        return violations;
    }

    private @Nullable Policy first(Function<Limits, @Nullable Object> attribute) {
        for (Policy p : policies) {
            if (attribute.apply(p.limits()) != null) {
                return p;
            }
        }
        return null;
    }

    /** The allow list a key itself carries (API key attribute), applied before any policy. */
    public static boolean keyAllows(@Nullable Set<String> keyModels, String model) {
        return keyModels == null || keyModels.isEmpty() || keyModels.contains(model);
    }
}
