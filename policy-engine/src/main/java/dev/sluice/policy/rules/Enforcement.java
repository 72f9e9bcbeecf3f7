package dev.sluice.policy.rules;

/** What happens when a budget is spent: {@code STRICT} blocks, {@code SOFT} admits with a warning header and an event. */
public enum Enforcement {
    STRICT,
    SOFT
}
