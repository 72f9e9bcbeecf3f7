package dev.sluice.policy.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Durable spend in Postgres table {@code <schema>.spend}: settled costs are summed in memory and added to the table
 * every {@code flushEvery}, one upsert per budget bucket. Reads add what this instance has not flushed yet. A crash
 * loses at most one flush interval of this instance's spend; a failed flush keeps the amounts for the next one.
 */
final class PostgresSpendLedger implements SpendLedger {

    private static final Logger log = LoggerFactory.getLogger(PostgresSpendLedger.class);

    private final DatabaseClient db;
    private final String table;
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Counter flushFailures;
    private final Disposable flusher;

    PostgresSpendLedger(DatabaseClient db, String schema, Duration flushEvery, MeterRegistry meters) {
        this.db = db;
        this.table = schema + ".spend";
        this.flushFailures = Counter.builder("sluice.policy.spend.flush.failures").register(meters);
        this.flusher = Flux.interval(flushEvery, flushEvery)
                .onBackpressureDrop()
                .concatMap(tick -> flush())
                .subscribe(n -> {
                }, e -> log.error("spend flusher stopped", e));
    }

    @Override
    public void record(String durableKey, long micros) {
        if (micros != 0) {
            pending.merge(durableKey, micros, Long::sum);
        }
    }

    @Override
    public Mono<Long> spentMicros(String durableKey) {
        return db.sql("select micro_usd from " + table + " where bucket = $1")
                .bind(0, durableKey)
                .map(row -> row.get(0, Long.class))
                .one()
                .defaultIfEmpty(0L)
                .map(stored -> stored + pending.getOrDefault(durableKey, 0L));
    }

    /** Writes what is pending; returns how many buckets were written. */
    @Override
    public Mono<Integer> flush() {
        List<Map.Entry<String, Long>> drained = new ArrayList<>();
        for (String key : List.copyOf(pending.keySet())) {
            Long micros = pending.remove(key);
            if (micros != null) {
                drained.add(Map.entry(key, micros));
            }
        }
        if (drained.isEmpty()) {
            return Mono.just(0);
        }
        return Flux.fromIterable(drained)
                .concatMap(e -> db.sql("insert into " + table + " (bucket, micro_usd) values ($1, $2) "
                                + "on conflict (bucket) do update set micro_usd = spend.micro_usd + excluded.micro_usd, "
                                + "updated_at = now()")
                        .bind(0, e.getKey()).bind(1, e.getValue()).fetch().rowsUpdated())
                .then(Mono.just(drained.size()))
                .onErrorResume(e -> {
                    drained.forEach(d -> pending.merge(d.getKey(), d.getValue(), Long::sum));
                    flushFailures.increment();
                    log.warn("spend flush failed, keeping {} buckets for the next one: {}", drained.size(), e.toString());
                    return Mono.just(0);
                });
    }

    @Override
    public void close() {
        flusher.dispose();
    }
}
