package dev.sluice.policy.admission;

/** Told when a request is admitted past a soft budget; must not block (e.g. offer to a queue, count a metric). */
@FunctionalInterface
public interface PolicyEvents {

    void softBudgetExceeded(Caller caller, String policyId, String budget);
}
