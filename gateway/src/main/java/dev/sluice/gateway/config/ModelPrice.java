package dev.sluice.gateway.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * US dollars per million tokens.
 *
 * @param input       uncached input tokens
 * @param output      output tokens
 * @param cachedInput input tokens read from the provider's prompt cache; defaults to {@code input}
 * @param cacheWrite  input tokens written to the provider's prompt cache (Anthropic); defaults to {@code input}
 */
public record ModelPrice(
        @NotNull @DecimalMin("0") BigDecimal input,
        @NotNull @DecimalMin("0") BigDecimal output,
        @Nullable @DecimalMin("0") BigDecimal cachedInput,
        @Nullable @DecimalMin("0") BigDecimal cacheWrite) {

    public static final ModelPrice FREE = new ModelPrice(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public ModelPrice {
        cachedInput = cachedInput == null ? input : cachedInput;
        cacheWrite = cacheWrite == null ? input : cacheWrite;
    }

    /**
     * Cost of a request in dollars. {@code promptTokens} includes the cached and cache-write tokens, which are
     * priced at their own rates; the rest of the prompt at {@code input}.
     */
    public BigDecimal cost(long promptTokens, long completionTokens, long cachedTokens, long cacheWriteTokens) {
        long plainInput = Math.max(0, promptTokens - cachedTokens - cacheWriteTokens);
        BigDecimal microDollars = input.multiply(BigDecimal.valueOf(plainInput))
                .add(nonNull(cachedInput).multiply(BigDecimal.valueOf(cachedTokens)))
                .add(nonNull(cacheWrite).multiply(BigDecimal.valueOf(cacheWriteTokens)))
                .add(output.multiply(BigDecimal.valueOf(completionTokens)));
        return microDollars.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros();
    }

    private static BigDecimal nonNull(@Nullable BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
