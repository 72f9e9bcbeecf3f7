package dev.sluice.policy.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** USD amounts are counted as whole micro-dollars (1e-6 USD) so Redis can add them exactly. */
public final class Money {

    private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

    private Money() {
    }

    /** Rounded up: a reservation never under-counts. */
    public static long toMicros(BigDecimal usd) {
        return usd.multiply(MICROS).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    public static BigDecimal fromMicros(long micros) {
        return BigDecimal.valueOf(micros).divide(MICROS).stripTrailingZeros();
    }
}
