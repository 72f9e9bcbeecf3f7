package dev.sluice.policy.budget;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Duration;

/** Named factories of the durable spend ledgers. */
public final class SpendLedgers {

    private SpendLedgers() {
    }

    /** Table {@code <schema>.spend}, flushed every {@code flushEvery}; close it on shutdown. */
    public static SpendLedger postgres(DatabaseClient db, String schema, Duration flushEvery, MeterRegistry meters) {
        return new PostgresSpendLedger(db, schema, flushEvery, meters);
    }
}
