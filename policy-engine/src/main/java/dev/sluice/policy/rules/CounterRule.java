package dev.sluice.policy.rules;

/**
 * One counted limit of one policy.
 *
 * @param limit requests, tokens or in-flight requests; for budgets micro-USD (1e-6 USD)
 */
public record CounterRule(Policy policy, Counter counter, long limit, Enforcement enforcement) {

    /**
     * The bucket this rule counts in: named by the policy, since a policy has one subject (a key, team, tenant or model);
     * a model policy for every tenant counts per tenant, as all of one request's buckets share the tenant's hash tag.
     */
    public String bucketName() {
        return "p:" + policy.id();
    }
}
