package dev.sluice.policy.ratelimit;

/** How a bucket counts; the code is what the Lua scripts read. */
public enum BucketKind {
    /** A token bucket refilled continuously: {@code limit} per window. */
    RATE("r"),
    /** In-flight slots, each held until settled or until the hold expires. */
    CONCURRENCY("c"),
    /** A budget that blocks once spent plus held would pass the limit. */
    BUDGET_STRICT("b"),
    /** A budget that admits past the limit and reports it as over. */
    BUDGET_SOFT("s");

    final String code;

    BucketKind(String code) {
        this.code = code;
    }

    public boolean isBudget() {
        return this == BUDGET_STRICT || this == BUDGET_SOFT;
    }
}
