package dev.sluice.pipeline.rollup;

import java.time.Instant;
import java.util.Locale;

/** The time buckets rollups are kept in, all in UTC (as {@code date_trunc(unit, ts, 'UTC')}). */
public enum Granularity {
    MINUTE(60),
    HOUR(3_600),
    DAY(86_400);

    private final long seconds;
    private final String sqlName;

    Granularity(long seconds) {
        this.seconds = seconds;
        this.sqlName = name().toLowerCase(Locale.ROOT);
    }

    /** The start of the bucket holding {@code instant}. */
    public Instant truncate(Instant instant) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), seconds) * seconds);
    }

    /** The value of column {@code usage_rollups.granularity}. */
    public String sqlName() {
        return sqlName;
    }
}
