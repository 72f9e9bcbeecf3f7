package dev.sluice.policy.admission;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;

/**
 * A request described for admission, before anything is sent upstream.
 *
 * @param authorization      the raw {@code Authorization} header (or {@code x-api-key}), null when absent
 * @param model              the model alias asked for
 * @param promptTokens       the prompt's estimated tokens
 * @param maxOutputTokens    {@code max_tokens}/{@code max_completion_tokens} as sent, null when absent
 * @param requestBytes       the body's size
 * @param worstCaseCostUsd   the largest cost this request can reach at the model's prices; used for budgets when
 *                           {@code prices} is null
 * @param prices             the model's prices; when given, the engine computes the reserved cost itself from the
 *                           prompt and the output bound it reserves (max_tokens, else a policy cap, else the default)
 */
public record AdmissionRequest(
        @Nullable String authorization,
        String model,
        long promptTokens,
        @Nullable Long maxOutputTokens,
        long requestBytes,
        BigDecimal worstCaseCostUsd,
        @Nullable Prices prices) {

    /** Without prices: budgets reserve {@code worstCaseCostUsd} as given. */
    public AdmissionRequest(@Nullable String authorization, String model, long promptTokens,
                            @Nullable Long maxOutputTokens, long requestBytes, BigDecimal worstCaseCostUsd) {
        this(authorization, model, promptTokens, maxOutputTokens, requestBytes, worstCaseCostUsd, null);
    }

    /** USD per token, for input (prompt) and output (completion) tokens. */
    public record Prices(BigDecimal inputUsdPerToken, BigDecimal outputUsdPerToken) {

        public BigDecimal cost(long inputTokens, long outputTokens) {
            return inputUsdPerToken.multiply(BigDecimal.valueOf(inputTokens))
                    .add(outputUsdPerToken.multiply(BigDecimal.valueOf(outputTokens)));
        }
    }
}
