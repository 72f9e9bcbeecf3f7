package dev.sluice.policy.rules;

/** A limit that is counted across requests, as opposed to one checked on the request alone. */
public enum Counter {
    REQUESTS_PER_MINUTE("rpm"),
    TOKENS_PER_MINUTE("tpm"),
    CONCURRENT("conc"),
    BUDGET_DAY("usd-day"),
    BUDGET_MONTH("usd-month");

    private final String shortName;

    Counter(String shortName) {
        this.shortName = shortName;
    }

    /** Used in Redis keys. */
    public String shortName() {
        return shortName;
    }

    public boolean isBudget() {
        return this == BUDGET_DAY || this == BUDGET_MONTH;
    }
}
