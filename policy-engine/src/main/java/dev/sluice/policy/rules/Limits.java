package dev.sluice.policy.rules;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.util.Set;

/**
 * The rules of one policy; every field is optional (null = this policy says nothing about it).
 *
 * @param requestsPerMinute  token bucket of requests, refilled continuously
 * @param tokensPerMinute    token bucket of tokens: prompt estimate plus the output bound reserved, settled with the real count
 * @param maxConcurrent      requests in flight at once
 * @param budgetDayUsd       spend per UTC day
 * @param budgetMonthUsd     spend per UTC month
 * @param enforcement        for this policy's budgets; strict when null
 * @param allowModels        only these model aliases (most specific policy wins)
 * @param denyModels         never these model aliases (most specific policy wins)
 * @param maxTokens          cap on {@code max_tokens}; also the output bound reserved when a request names none
 * @param maxRequestBytes    cap on the request body size
 */
public record Limits(
        @Nullable Long requestsPerMinute,
        @Nullable Long tokensPerMinute,
        @Nullable Integer maxConcurrent,
        @Nullable BigDecimal budgetDayUsd,
        @Nullable BigDecimal budgetMonthUsd,
        @Nullable Enforcement enforcement,
        @Nullable Set<String> allowModels,
        @Nullable Set<String> denyModels,
        @Nullable Long maxTokens,
        @Nullable Long maxRequestBytes) {

    public static final Limits NONE = new Limits(null, null, null, null, null, null, null, null, null, null);

    public Limits {
        allowModels = allowModels == null ? null : Set.copyOf(allowModels);
        denyModels = denyModels == null ? null : Set.copyOf(denyModels);
    }

    public Enforcement enforcementOrStrict() {
        return enforcement == null ? Enforcement.STRICT : enforcement;
    }
}
