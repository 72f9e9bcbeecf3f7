package dev.sluice.policy.rules;

/**
 * One rule a request breaks.
 *
 * @param rule     e.g. {@code model_not_allowed}, {@code max_tokens_exceeded}, {@code budget_day_exceeded}
 * @param policyId the policy that states the rule
 * @param message  for the caller
 */
public record Violation(String rule, String policyId, String message) {
}
