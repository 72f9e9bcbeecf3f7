package dev.sluice.pipeline.store;

import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One SQL statement per batch: the batch travels as one JSON array parameter, is inserted with
 * {@code ON CONFLICT DO NOTHING}, and the rollup upsert reads only the rows that insert {@code RETURNING}s.
 * A single statement is atomic, so the raw rows and the rollups they raised commit together or not at all.
 */
final class PostgresUsageEventStore implements UsageEventStore {

    static final String INSERT_SQL = """
            WITH batch AS (
              SELECT * FROM json_to_recordset(CAST(:batch AS json)) AS e(
                event_id uuid, received_at timestamptz, first_token_at timestamptz, completed_at timestamptz,
                request_id text, trace_id text, tenant text, team text, "user" text, key_id text, model text,
                provider text, upstream_model text, streamed boolean, http_status integer, error_code text,
                outcome text, usage json, cost_usd numeric, price_version text, time_to_first_token_ms bigint,
                latency_ms bigint, client_user text, metadata json)
            ), ins AS (
              INSERT INTO usage_events (event_id, received_at, first_token_at, completed_at, request_id, trace_id,
                tenant, team, user_id, key_id, model, provider, upstream_model, streamed, http_status, error_code,
                outcome, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, usage_source, cost_usd,
                price_version, ttft_ms, latency_ms, client_user, metadata)
              SELECT event_id, received_at, first_token_at, completed_at, request_id, trace_id,
                tenant, team, "user", key_id, model, provider, upstream_model, streamed, http_status, error_code,
                outcome, (usage->>'prompt_tokens')::bigint, (usage->>'completion_tokens')::bigint,
                (usage->>'cached_tokens')::bigint, (usage->>'cache_write_tokens')::bigint, usage->>'source', cost_usd,
                price_version, time_to_first_token_ms, latency_ms, client_user, coalesce(metadata::jsonb, '{}'::jsonb)
              FROM batch
              ON CONFLICT DO NOTHING
              RETURNING received_at, tenant, team, key_id, model, provider, http_status, prompt_tokens,
                completion_tokens, cached_tokens, cache_write_tokens, cost_usd, ttft_ms, latency_ms
            ), rolled AS (
              INSERT INTO usage_rollups AS r (granularity, bucket, tenant, team, key_id, model, provider, http_status,
                requests, errors, prompt_tokens, completion_tokens, cached_tokens, cache_write_tokens, cost_usd,
                latency_ms_sum, ttft_ms_sum, ttft_count, latency_hist, ttft_hist, last_ingested_at)
              SELECT g.granularity, date_trunc(g.granularity, i.received_at, 'UTC'), i.tenant, coalesce(i.team, ''),
                coalesce(i.key_id, ''), i.model, coalesce(i.provider, ''), i.http_status,
                count(*), count(*) FILTER (WHERE i.http_status >= 400), sum(i.prompt_tokens), sum(i.completion_tokens),
                sum(i.cached_tokens), sum(i.cache_write_tokens), sum(i.cost_usd), sum(i.latency_ms),
                coalesce(sum(i.ttft_ms), 0), count(i.ttft_ms), %s,
                %s, clock_timestamp()
              FROM ins AS i CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS g(granularity)
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
              ON CONFLICT (granularity, bucket, tenant, team, key_id, model, provider, http_status) DO UPDATE SET
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
                last_ingested_at = excluded.last_ingested_at
              RETURNING 1
            )
            SELECT count(*) AS inserted FROM ins
            """.formatted(LatencyBuckets.countsSql("i.latency_ms"), LatencyBuckets.countsSql("i.ttft_ms"));

    private final DatabaseClient db;

    PostgresUsageEventStore(DatabaseClient db) {
        this.db = requireNonNull(db, "db");
    }

    @Override
    public Mono<Long> insert(List<UsageEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql(INSERT_SQL)
                .bind("batch", toJsonArray(events))
                .map(row -> requireNonNull(row.get("inserted", Long.class), "inserted"))
                .one();
    }

    /** The events as one JSON array, in the topic's own encoding. */
    static String toJsonArray(List<UsageEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events.size() * 700);
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(UsageEventCodec.encode(events.get(i)));
        }
        out.write(']');
        return out.toString(StandardCharsets.UTF_8);
    }
}
