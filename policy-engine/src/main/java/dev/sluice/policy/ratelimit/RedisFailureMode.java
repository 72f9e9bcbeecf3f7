package dev.sluice.policy.ratelimit;

/** What admission does while Redis cannot be reached. */
public enum RedisFailureMode {
    /** Admit, counting in per-instance in-memory buckets (limits then hold per instance, not across them). */
    FAIL_OPEN,
    /** Reject with 503 until Redis answers again. */
    FAIL_CLOSED
}
