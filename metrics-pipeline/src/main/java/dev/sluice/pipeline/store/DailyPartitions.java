package dev.sluice.pipeline.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static java.util.Objects.requireNonNull;

/** Keeps daily partitions of raw events from yesterday to a few days ahead, and applies retention. */
public final class DailyPartitions {

    private static final Logger log = LoggerFactory.getLogger(DailyPartitions.class);

    private final DatabaseClient db;
    private final RetentionProperties retention;
    private final Clock clock;

    public DailyPartitions(DatabaseClient db, RetentionProperties retention, Clock clock) {
        this.db = requireNonNull(db, "db");
        this.retention = requireNonNull(retention, "retention");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Creates the missing partitions, then drops what retention no longer keeps. */
    public Mono<Void> maintain() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Mono<Long> created = Flux.range(-1, retention.partitionsAhead() + 2)
                .concatMap(offset -> db.sql("SELECT usage_ensure_partition(:day) AS created")
                        .bind("day", today.plusDays(offset))
                        .map(row -> Boolean.TRUE.equals(row.get("created", Boolean.class)))
                        .one())
                .filter(Boolean::booleanValue)
                .count();
        Mono<Integer> dropped = db.sql("SELECT usage_drop_partitions_before(:day) AS dropped")
                .bind("day", today.minusDays(retention.rawEventDays()))
                .map(row -> requireNonNull(row.get("dropped", Integer.class), "dropped"))
                .one();
        Mono<Long> minuteRows = db.sql("DELETE FROM usage_rollups WHERE granularity = 'minute' AND bucket < :before")
                .bind("before", today.minusDays(retention.minuteRollupDays()).atStartOfDay().toInstant(ZoneOffset.UTC))
                .fetch().rowsUpdated();
        return Mono.zip(created, dropped, minuteRows)
                .doOnNext(t -> log.info("usage partitions: {} created, {} dropped; {} minute rollups expired",
                        t.getT1(), t.getT2(), t.getT3()))
                .then();
    }
}
