package dev.sluice.pipeline.store;

import dev.sluice.usage.event.UsageEvent;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.util.List;

/** Where decoded usage events are kept. */
public interface UsageEventStore {

    /**
     * Inserts the events not stored yet (by event id) and raises the rollups by exactly those, in one transaction.
     * Emits how many were new; a redelivered batch emits 0 and changes no total.
     */
    Mono<Long> insert(List<UsageEvent> events);

    static UsageEventStore postgres(DatabaseClient db) {
        return new PostgresUsageEventStore(db);
    }
}
