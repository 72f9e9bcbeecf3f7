package dev.sluice.usage.event;

/** Who counted the tokens of a {@link TokenUsage}. */
public enum UsageSource {
    /** Reported by the provider in its response. */
    PROVIDER,
    /** Counted by the gateway with a tokenizer, because the provider reported nothing (e.g. the client cancelled). */
    GATEWAY,
    /** No tokens were consumed (the request was rejected before reaching a provider). */
    NONE
}
