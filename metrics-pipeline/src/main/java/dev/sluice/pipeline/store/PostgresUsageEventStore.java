package dev.sluice.pipeline.store;

import dev.sluice.pipeline.rollup.RollupKey;
import dev.sluice.pipeline.rollup.RollupTotals;
import dev.sluice.pipeline.rollup.Rollups;
import dev.sluice.usage.event.UsageEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Writes a batch in one transaction with binary {@code COPY}, rollups summed in the consumer ({@link Rollups}):
 * <ol>
 *   <li><b>the usual case</b>: {@code COPY} the events straight into {@code usage_events}, copy the batch's rollup
 *       rows into a temporary stage, upsert them into {@code usage_rollups}, commit. Every event was new, since
 *       the primary key on the event id let the {@code COPY} through;</li>
 *   <li><b>a redelivered batch</b> (the {@code COPY} failed on a duplicate event id, and its transaction rolled
 *       back): {@code COPY} into a temporary stage, {@code INSERT … ON CONFLICT DO NOTHING RETURNING event_id},
 *       and sum rollups over exactly the events that insert returned; then as above.</li>
 * </ol>
 * Either way the raw rows and the rollups they raised commit together or not at all, so a batch delivered twice
 * changes no total. Rollup rows are upserted in key order, so concurrent writers lock them in the same order.
 */
final class PostgresUsageEventStore implements UsageEventStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresUsageEventStore.class);

    static final String EVENT_COLUMNS = "event_id, received_at, first_token_at, completed_at, request_id, trace_id, "
            + "tenant, team, user_id, key_id, model, provider, upstream_model, streamed, http_status, error_code, "
            + "outcome, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, usage_source, cost_usd, "
            + "price_version, ttft_ms, latency_ms, client_user, metadata";
    private static final int EVENT_FIELDS = 28;

    private static final String COPY_EVENTS = "COPY usage_events (" + EVENT_COLUMNS + ") FROM STDIN WITH (FORMAT binary)";

    private static final String CREATE_EVENT_STAGE = "CREATE TEMP TABLE IF NOT EXISTS usage_events_stage "
            + "(LIKE usage_events INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_EVENT_STAGE =
            "COPY usage_events_stage (" + EVENT_COLUMNS + ") FROM STDIN WITH (FORMAT binary)";
    private static final String INSERT_NEW_FROM_STAGE = "INSERT INTO usage_events (" + EVENT_COLUMNS + ") SELECT "
            + EVENT_COLUMNS + " FROM usage_events_stage ON CONFLICT DO NOTHING RETURNING event_id";

    static final String ROLLUP_KEY = "granularity, bucket, tenant, team, key_id, model, provider, http_status";
    private static final String ROLLUP_COLUMNS = ROLLUP_KEY + ", requests, errors, prompt_tokens, completion_tokens, "
            + "cached_tokens, cache_write_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count, latency_hist, ttft_hist";
    private static final int ROLLUP_FIELDS = 20;

    private static final String CREATE_ROLLUP_STAGE = """
            CREATE TEMP TABLE IF NOT EXISTS usage_rollups_stage (
              granularity text, bucket timestamptz, tenant text, team text, key_id text, model text, provider text,
              http_status integer, requests bigint, errors bigint, prompt_tokens bigint, completion_tokens bigint,
              cached_tokens bigint, cache_write_tokens bigint, cost_usd numeric, latency_ms_sum bigint,
              ttft_ms_sum bigint, ttft_count bigint, latency_hist bigint[], ttft_hist bigint[]
            ) ON COMMIT DELETE ROWS""";
    private static final String COPY_ROLLUP_STAGE =
            "COPY usage_rollups_stage (" + ROLLUP_COLUMNS + ") FROM STDIN WITH (FORMAT binary)";
    private static final String UPSERT_ROLLUPS = """
            INSERT INTO usage_rollups AS r (%1$s, last_ingested_at)
            SELECT %1$s, clock_timestamp() FROM usage_rollups_stage ORDER BY %2$s
            ON CONFLICT (%2$s) DO UPDATE SET
              requests = r.requests + excluded.requests,
              errors = r.errors + excluded.errors,
              prompt_tokens = r.prompt_tokens + excluded.prompt_tokens,
              completion_tokens = r.completion_tokens + excluded.completion_tokens,
              cached_tokens = r.cached_tokens + excluded.cached_tokens,
              cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
              cost_usd = r.cost_usd + excluded.cost_usd,
              latency_ms_sum = r.latency_ms_sum + excluded.latency_ms_sum,
              ttft_ms_sum = r.ttft_ms_sum + excluded.ttft_ms_sum,
              ttft_count = r.ttft_count + excluded.ttft_count,
              latency_hist = usage_hist_add(r.latency_hist, excluded.latency_hist),
              ttft_hist = usage_hist_add(r.ttft_hist, excluded.ttft_hist),
              last_ingested_at = excluded.last_ingested_at""".formatted(ROLLUP_COLUMNS, ROLLUP_KEY);

    private static final String UNIQUE_VIOLATION = "23505";
    private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final DatabaseClient db;

    PostgresUsageEventStore(DatabaseClient db) {
        this.db = requireNonNull(db, "db");
    }

    /**
     * Encodes the rows and sums the rollups here, on the calling (consumer) thread, and leaves only I/O to the
     * driver's event loop.
     */
    @Override
    public Mono<Long> insert(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        byte[] rows = eventRows(events);
        Rollups rollups = Rollups.of(events);
        return db.inConnection(connection -> inTransaction(postgres(connection), pg -> insertAllNew(pg, rows, rollups, events.size())))
                .onErrorResume(PostgresUsageEventStore::isUniqueViolation, duplicate -> {
                    log.debug("usage batch holds events stored before; inserting only the new ones");
                    return db.inConnection(connection -> inTransaction(postgres(connection),
                            pg -> insertNewOnly(pg, rows, events)));
                });
    }

    private Mono<Long> insertAllNew(PostgresqlConnection pg, byte[] rows, Rollups rollups, int count) {
        return pg.copyIn(COPY_EVENTS, send(rows))
                .then(raise(pg, rollups))
                .thenReturn((long) count);
    }

    private Mono<Long> insertNewOnly(PostgresqlConnection pg, byte[] rows, List<UsageEvent> events) {
        return execute(pg, CREATE_EVENT_STAGE)
                .then(pg.copyIn(COPY_EVENT_STAGE, send(rows)))
                .thenMany(pg.createStatement(INSERT_NEW_FROM_STAGE).execute())
                .flatMap(result -> result.map((row, meta) -> requireNonNull(row.get(0, UUID.class), "event_id")))
                .collect(HashSet<UUID>::new, Set::add)
                .flatMap(inserted -> {
                    Rollups rollups = new Rollups();
                    long count = 0;
                    for (UsageEvent event : events) {
                        if (inserted.remove(event.eventId())) { // remove: an id twice in one batch counts once
                            rollups.add(event);
                            count++;
                        }
                    }
                    return raise(pg, rollups).thenReturn(count);
                });
    }

    private Mono<Void> raise(PostgresqlConnection pg, Rollups rollups) {
        if (rollups.isEmpty()) {
            return Mono.empty();
        }
        return execute(pg, CREATE_ROLLUP_STAGE)
                .then(pg.copyIn(COPY_ROLLUP_STAGE, send(rollupRows(rollups))))
                .then(execute(pg, UPSERT_ROLLUPS));
    }

    private static byte[] eventRows(List<UsageEvent> events) {
        PgBinaryCopy rows = new PgBinaryCopy(events.size() * 360);
        for (UsageEvent e : events) {
            rows.row(EVENT_FIELDS)
                    .uuid(e.eventId()).timestamptz(e.receivedAt()).timestamptz(e.firstTokenAt())
                    .timestamptz(e.completedAt()).text(e.requestId()).text(e.traceId()).text(e.tenant())
                    .text(e.team()).text(e.user()).text(e.keyId()).text(e.model()).text(e.provider())
                    .text(e.upstreamModel()).bool(e.streamed()).int4(e.httpStatus()).text(e.errorCode())
                    .text(e.outcome().name()).int8(e.usage().promptTokens())
                    .int8(e.usage().completionTokens()).int8(e.usage().cachedTokens())
                    .int8(e.usage().cacheWriteTokens()).text(e.usage().source().name())
                    .numeric(e.costUsd()).text(e.priceVersion()).int8(e.timeToFirstTokenMs())
                    .int8(e.latencyMs()).text(e.clientUser()).jsonb(json(e.metadata()));
        }
        return rows.finish();
    }

    private static byte[] rollupRows(Rollups rollups) {
        PgBinaryCopy rows = new PgBinaryCopy(rollups.rows().size() * 420);
        for (Map.Entry<RollupKey, RollupTotals> entry : rollups.rows().entrySet()) {
            RollupKey k = entry.getKey();
            RollupTotals t = entry.getValue();
            rows.row(ROLLUP_FIELDS)
                    .text(k.granularity().sqlName()).timestamptz(k.bucket()).text(k.tenant()).text(k.team())
                    .text(k.keyId()).text(k.model()).text(k.provider()).int4(k.httpStatus())
                    .int8(t.requests()).int8(t.errors()).int8(t.promptTokens()).int8(t.completionTokens())
                    .int8(t.cachedTokens()).int8(t.cacheWriteTokens()).numeric(t.costUsd())
                    .int8(t.latencyMsSum()).int8(t.ttftMsSum()).int8(t.ttftCount())
                    .int8Array(t.latencyHistogram()).int8Array(t.ttftHistogram());
        }
        return rows.finish();
    }

    /** The rows for one send: a fresh heap wrapper each time (the driver releases what it sends). */
    private static Mono<ByteBuf> send(byte[] rows) {
        return Mono.fromSupplier(() -> Unpooled.wrappedBuffer(rows));
    }

    /** The metadata as a JSON object: string keys and values only, so written here rather than by a mapper. */
    static byte[] json(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return EMPTY_JSON_OBJECT;
        }
        StringBuilder json = new StringBuilder(metadata.size() * 32).append('{');
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, entry.getKey()).append(':');
            quote(json, entry.getValue());
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }

    private static Mono<Void> execute(PostgresqlConnection pg, String sql) {
        return pg.createStatement(sql).execute().flatMap(result -> result.getRowsUpdated()).then();
    }

    /** Runs {@code work} between BEGIN and COMMIT; any failure rolls back and is passed on. */
    private static <T> Mono<T> inTransaction(PostgresqlConnection pg,
                                             java.util.function.Function<PostgresqlConnection, Mono<T>> work) {
        return pg.beginTransaction()
                .then(Mono.defer(() -> work.apply(pg)))
                .flatMap(result -> pg.commitTransaction().thenReturn(result))
                .onErrorResume(failure -> pg.rollbackTransaction()
                        .onErrorResume(rollbackFailure -> {
                            failure.addSuppressed(rollbackFailure);
                            return Mono.empty();
                        })
                        .then(Mono.error(failure)));
    }

    /** The driver's own connection under the pool's and Spring's wrappers: COPY is PostgreSQL's, not R2DBC's. */
    private static PostgresqlConnection postgres(Connection connection) {
        Object candidate = connection;
        while (!(candidate instanceof PostgresqlConnection) && candidate instanceof Wrapped<?> wrapped) {
            candidate = wrapped.unwrap();
        }
        if (candidate instanceof PostgresqlConnection pg) {
            return pg;
        }
        throw new IllegalStateException("the usage store needs r2dbc-postgresql, got " + connection.getClass());
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (@Nullable Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException r2dbc && UNIQUE_VIOLATION.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
