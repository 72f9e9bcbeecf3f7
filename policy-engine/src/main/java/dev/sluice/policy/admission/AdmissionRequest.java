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
 * @param worstCaseCostUsd   the largest cost this request can reach at the model's prices
 */
public record AdmissionRequest(
        @Nullable String authorization,
        String model,
        long promptTokens,
        @Nullable Long maxOutputTokens,
        long requestBytes,
        BigDecimal worstCaseCostUsd) {
}
