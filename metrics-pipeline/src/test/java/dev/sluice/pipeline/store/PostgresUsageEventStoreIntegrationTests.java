package dev.sluice.pipeline.store;

import dev.sluice.pipeline.TestDatabase;
import dev.sluice.pipeline.rollup.LatencyBuckets;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventIds;
import dev.sluice.usage.event.UsageSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store against the local Postgres. The rollups it raises (summed in Java, written with binary COPY) are
 * checked against an independent oracle: the same rollups computed by SQL over the raw rows that were stored.
 */
class PostgresUsageEventStoreIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String[] COSTS = {"0", "0.0012", "0.0000001234", "12.5", "0.1", "1234567.8901234567", "0.00005"};
    private static final long[] LATENCIES = {0, 9, 10, 24, 25, 99, 100, 2499, 2500, 119_999, 120_000, 500_000, 37};

    private static TestDatabase db;
    private static UsageEventStore store;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
        store = UsageEventStore.postgres(org.springframework.r2dbc.core.DatabaseClient.create(db.pooledConnectionFactory(2)));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @BeforeEach
    void empty() {
        update("TRUNCATE usage_events, usage_rollups");
    }

    @Test
    void rollupsEqualAnAggregateOfTheStoredRawRowsAcrossRedeliveries() {
        Random random = new Random(42);
        Instant base = Instant.parse("2026-11-21T23:58:30.123456789Z"); // crosses minute, hour and day boundaries
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            events.add(randomEvent(random, base.plusMillis(random.nextInt(240_000)).plusNanos(random.nextInt(1000))));
        }
        List<List<UsageEvent>> batches = new ArrayList<>();
        for (int i = 0; i < events.size(); i += 500) {
            batches.add(events.subList(i, i + 500));
        }
        long inserted = 0;
        for (List<UsageEvent> batch : batches) {
            inserted += store.insert(batch).block(TIMEOUT);
        }
        assertThat(inserted).isEqualTo(3000);
        List<String> once = rollups();

        // Redelivery: a whole batch again, then a batch mixing stored events, new events and one event twice.
        assertThat(store.insert(batches.get(2)).block(TIMEOUT)).isZero();
        List<UsageEvent> mixed = new ArrayList<>(events.subList(100, 300));
        List<UsageEvent> fresh = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            fresh.add(randomEvent(random, base.plusSeconds(random.nextInt(200))));
        }
        mixed.addAll(fresh);
        mixed.add(fresh.get(7));
        assertThat(store.insert(mixed).block(TIMEOUT)).isEqualTo(150);

        assertThat(count("SELECT count(*) FROM usage_events")).isEqualTo(3150);
        assertThat(rollups()).isEqualTo(oracle());
        assertThat(once).isNotEqualTo(rollups()); // the fresh events did raise them
        assertThat(count("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'day'")).isEqualTo(3150);
    }

    @Test
    void storesEveryFieldAsSent() {
        Instant received = Instant.parse("2026-11-22T10:15:30.123456789Z");
        UsageEvent event = new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), received,
                received.plusMillis(250), received.plusMillis(1500), "req-é-1", "4bf92f3577b34da6a3ce929d0e0e4736",
                "tenant-ü", "team-b", "user-7", "key_abc", "claude-sonnet-4", "anthropic", "claude-sonnet-4-20250514",
                true, 502, "upstream_error", Outcome.FAILED, new TokenUsage(1234, 56, 1000, 200, UsageSource.GATEWAY),
                new BigDecimal("-0.000123456789"), "2026.11.01", 250L, 1500L, "end-user-\"9\"",
                Map.of("feature", "chat ✓", "env", "prod", "q\"k\\", "line\nbreak\t\u0001 \"end\""));
        assertThat(store.insert(List.of(event)).block(TIMEOUT)).isEqualTo(1);

        String row = text("SELECT concat_ws('|', event_id, received_at AT TIME ZONE 'UTC', first_token_at AT TIME ZONE 'UTC',"
                + " completed_at AT TIME ZONE 'UTC', request_id, trace_id, tenant, team, user_id, key_id, model, provider,"
                + " upstream_model, streamed, http_status, error_code, outcome, prompt_tokens, completion_tokens,"
                + " cached_tokens, cache_write_tokens, usage_source, cost_usd, price_version, ttft_ms, latency_ms,"
                + " client_user, metadata->>'feature', metadata->>'env') FROM usage_events");
        assertThat(row).isEqualTo(event.eventId() + "|2026-11-22 10:15:30.123457|2026-11-22 10:15:30.373457"
                + "|2026-11-22 10:15:31.623457|req-é-1|4bf92f3577b34da6a3ce929d0e0e4736|tenant-ü|team-b|user-7|key_abc"
                + "|claude-sonnet-4|anthropic|claude-sonnet-4-20250514|t|502|upstream_error|FAILED|1234|56|1000|200"
                + "|GATEWAY|-0.0001234568|2026.11.01|250|1500|end-user-\"9\"|chat ✓|prod");
        assertThat(text("SELECT metadata->>'q\"k\\' FROM usage_events")).isEqualTo("line\nbreak\t\u0001 \"end\"");
        assertThat(count("SELECT count(*) FROM jsonb_object_keys((SELECT metadata FROM usage_events))")).isEqualTo(3);
        assertThat(text("SELECT concat_ws('|', requests, errors, cost_usd, latency_hist::text, ttft_hist::text)"
                + " FROM usage_rollups WHERE granularity = 'hour'"))
                .isEqualTo("1|1|-0.0001234568|{0,0,0,0,0,0,0,1,0,0,0,0,0,0}|{0,0,0,0,0,1,0,0,0,0,0,0,0,0}");
    }

    @Test
    void nullableFieldsStayNullAndRollUpUnderEmptyDimensions() {
        Instant received = Instant.parse("2026-11-22T10:15:30Z");
        UsageEvent event = new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), received, null,
                received.plusMillis(3), "req-2", null, "tenant-n", null, null, null, "gpt-4o", null, null, false, 401,
                "invalid_api_key", Outcome.REJECTED, TokenUsage.NONE, BigDecimal.ZERO, null, null, 3L, null, Map.of());
        assertThat(store.insert(List.of(event)).block(TIMEOUT)).isEqualTo(1);

        assertThat(text("SELECT concat_ws('|', first_token_at IS NULL, trace_id IS NULL, team IS NULL, provider IS NULL,"
                + " ttft_ms IS NULL, price_version IS NULL, metadata::text) FROM usage_events"))
                .isEqualTo("t|t|t|t|t|t|{}");
        assertThat(text("SELECT concat_ws('|', team = '', key_id = '', provider = '', ttft_count, ttft_ms_sum,"
                + " ttft_hist::text) FROM usage_rollups WHERE granularity = 'minute'"))
                .isEqualTo("t|t|t|0|0|{0,0,0,0,0,0,0,0,0,0,0,0,0,0}");
    }

    private static UsageEvent randomEvent(Random random, Instant received) {
        int status = switch (random.nextInt(10)) {
            case 0 -> 429;
            case 1 -> 502;
            default -> 200;
        };
        long latency = LATENCIES[random.nextInt(LATENCIES.length)];
        Long ttft = random.nextInt(4) == 0 ? null : LATENCIES[random.nextInt(LATENCIES.length)];
        String tenant = "tenant-" + random.nextInt(7);
        return new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), received,
                ttft == null ? null : received.plusMillis(ttft), received.plusMillis(latency),
                "req-" + random.nextInt(), null, tenant, random.nextBoolean() ? "team-" + random.nextInt(3) : null,
                "user", random.nextInt(5) == 0 ? null : "key-" + random.nextInt(4),
                random.nextBoolean() ? "gpt-4o" : "claude-sonnet-4", random.nextInt(6) == 0 ? null : "openai", null,
                random.nextBoolean(), status, status == 200 ? null : "upstream_error",
                status == 200 ? Outcome.COMPLETED : Outcome.FAILED,
                new TokenUsage(random.nextInt(5000), random.nextInt(900), random.nextInt(50), random.nextInt(20),
                        UsageSource.PROVIDER),
                new BigDecimal(COSTS[random.nextInt(COSTS.length)]), "2026.11.01", ttft, latency, null, Map.of());
    }

    /** The rollups as stored, one line per row, in key order. */
    private static List<String> rollups() {
        return lines("SELECT concat_ws('|', granularity, bucket AT TIME ZONE 'UTC', tenant, team, key_id, model,"
                + " provider, http_status, requests, errors, prompt_tokens, completion_tokens, cached_tokens,"
                + " cache_write_tokens, cost_usd, latency_ms_sum, ttft_ms_sum, ttft_count, latency_hist::text,"
                + " ttft_hist::text) FROM usage_rollups ORDER BY " + PostgresUsageEventStore.ROLLUP_KEY);
    }

    /** The same lines computed by SQL from the raw rows, histograms by {@code width_bucket} over the bounds. */
    private static List<String> oracle() {
        String bounds = "ARRAY[" + Arrays.stream(LatencyBuckets.BOUNDS).mapToObj(Long::toString)
                .collect(Collectors.joining(",")) + "]::bigint[]";
        String latency = histogram("width_bucket(latency_ms, " + bounds + ")");
        String ttft = histogram("width_bucket(ttft_ms, " + bounds + ")");
        return lines("SELECT concat_ws('|', g, date_trunc(g, received_at, 'UTC') AT TIME ZONE 'UTC', tenant,"
                + " coalesce(team, ''), coalesce(key_id, ''), model, coalesce(provider, ''), http_status, count(*),"
                + " count(*) FILTER (WHERE http_status >= 400), sum(prompt_tokens), sum(completion_tokens),"
                + " sum(cached_tokens), sum(cache_write_tokens), sum(cost_usd), sum(latency_ms),"
                + " coalesce(sum(ttft_ms), 0), count(ttft_ms), " + latency + ", " + ttft + ")"
                + " FROM usage_events CROSS JOIN (VALUES ('minute'), ('hour'), ('day')) AS t(g)"
                + " GROUP BY g, date_trunc(g, received_at, 'UTC'), tenant, coalesce(team, ''), coalesce(key_id, ''),"
                + " model, coalesce(provider, ''), http_status"
                + " ORDER BY g, date_trunc(g, received_at, 'UTC'), tenant, coalesce(team, ''), coalesce(key_id, ''),"
                + " model, coalesce(provider, ''), http_status");
    }

    private static String histogram(String bucketExpression) {
        return LongStream.rangeClosed(0, LatencyBuckets.BOUNDS.length)
                .mapToObj(i -> "count(*) FILTER (WHERE " + bucketExpression + " = " + i + ")")
                .collect(Collectors.joining(", ", "ARRAY[", "]::bigint[]::text"));
    }

    private static List<String> lines(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static String text(String sql) {
        List<String> lines = lines(sql);
        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    private static long count(String sql) {
        return Long.parseLong(text(sql));
    }

    private static void update(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl() + "?currentSchema=" + db.schema, db.user, db.password);
    }
}
