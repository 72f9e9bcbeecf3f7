package dev.sluice.pipeline.rollup;

import dev.sluice.usage.event.UsageEvent;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The rollup rows one batch of newly stored events adds: every event counted once into its minute, hour and day
 * bucket of its dimension set. Summing here, in the consumer, leaves Postgres one upsert per rollup row instead of
 * an aggregation over every raw row; the store writes them in the transaction that inserted those raw rows.
 */
public final class Rollups {

    private final Map<RollupKey, RollupTotals> rows = new HashMap<>();

    /** Counts one event into its three rollup rows. */
    public void add(UsageEvent event) {
        for (Granularity granularity : Granularity.values()) {
            rows.computeIfAbsent(RollupKey.of(granularity, event), key -> new RollupTotals()).add(event);
        }
    }

    public static Rollups of(Iterable<UsageEvent> events) {
        Rollups rollups = new Rollups();
        for (UsageEvent event : events) {
            rollups.add(event);
        }
        return rollups;
    }

    public Map<RollupKey, RollupTotals> rows() {
        return Collections.unmodifiableMap(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
