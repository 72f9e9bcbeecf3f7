package dev.sluice.policy.rules;

/**
 * One counted limit of one policy.
 *
 * @param limit requests, tokens or in-flight requests; for budgets micro-USD (1e-6 USD)
 */
public record CounterRule(Policy policy, Counter counter, long limit, Enforcement enforcement) {

    /** The bucket this rule counts in, unique within a tenant: {@code key:k1}, {@code team:t1}, {@code tenant}, {@code model:gpt-4o}. */
    public String bucketName() {
        return switch (policy.scope()) {
            case KEY -> "key:" + policy.subject();
            case TEAM -> "team:" + policy.subject();
            case TENANT -> "tenant";
            case MODEL -> "model:" + policy.subject();
        };
    }
}
