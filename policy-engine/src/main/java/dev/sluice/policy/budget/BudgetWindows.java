package dev.sluice.policy.budget;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Budget windows are UTC calendar days and months, named in the bucket key ({@code 20250131}, {@code 202501}). The
 * window is chosen by the instance's clock; the counters themselves use Redis time. Around midnight UTC two instances
 * with skewed clocks may briefly count in different windows.
 */
public final class BudgetWindows {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private BudgetWindows() {
    }

    public static String dayId(Instant now) {
        return DAY.format(now.atZone(ZoneOffset.UTC));
    }

    public static String monthId(Instant now) {
        return MONTH.format(now.atZone(ZoneOffset.UTC));
    }

    public static long millisToDayEnd(Instant now) {
        LocalDate next = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        return Math.max(1, next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - now.toEpochMilli());
    }

    public static long millisToMonthEnd(Instant now) {
        LocalDate next = now.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).plusMonths(1);
        return Math.max(1, next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - now.toEpochMilli());
    }
}
