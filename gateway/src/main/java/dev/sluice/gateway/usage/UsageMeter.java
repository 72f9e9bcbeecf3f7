package dev.sluice.gateway.usage;

import org.jspecify.annotations.Nullable;

/**
 * What one request consumed, filled in as its response passes through the gateway. Translators report the
 * provider's usage and the completion text they see; the handler stamps the first token.
 *
 * <p>Written by one signal at a time (Reactor serialises onNext/onComplete/cancel of a stream), read once in
 * {@code doFinally}; fields are volatile so that the read sees the last write whatever thread runs it.
 */
public final class UsageMeter {

    private volatile boolean providerReported;
    private volatile long promptTokens;
    private volatile long completionTokens;
    private volatile long cachedTokens;
    private volatile long cacheWriteTokens;
    private volatile @Nullable String upstreamModel;
    private final StringBuilder completionText = new StringBuilder();

    /**
     * The provider's own count. May be called more than once (Anthropic reports input tokens at
     * {@code message_start} and output tokens at {@code message_delta}): each call replaces the earlier values.
     */
    public void reportUsage(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens) {
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.cachedTokens = cachedTokens;
        this.cacheWriteTokens = cacheWriteTokens;
        this.providerReported = true;
    }

    /** Text the client was sent (content, tool-call names and arguments), counted by tokenizer if the provider reports nothing. */
    public void appendCompletionText(CharSequence text) {
        synchronized (completionText) {
            completionText.append(text);
        }
    }

    /** The model name the upstream says it used. */
    public void upstreamModel(String model) {
        this.upstreamModel = model;
    }

    public boolean providerReported() {
        return providerReported;
    }

    public long promptTokens() {
        return promptTokens;
    }

    public long completionTokens() {
        return completionTokens;
    }

    public long cachedTokens() {
        return cachedTokens;
    }

    public long cacheWriteTokens() {
        return cacheWriteTokens;
    }

    public @Nullable String upstreamModel() {
        return upstreamModel;
    }

    public String completionText() {
        synchronized (completionText) {
            return completionText.toString();
        }
    }
}
