package dev.sluice.pipeline.api;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/** Reads the rollups. Only fixed SQL fragments are concatenated; every value is a bind parameter. */
final class UsageQueries {

    private static final String SUMS = """
            sum(requests)::bigint AS requests, sum(errors)::bigint AS errors,
            sum(prompt_tokens)::bigint AS prompt_tokens, sum(completion_tokens)::bigint AS completion_tokens,
            sum(cached_tokens)::bigint AS cached_tokens, sum(cache_write_tokens)::bigint AS cache_write_tokens,
            sum(cost_usd) AS cost_usd, sum(latency_ms_sum)::bigint AS latency_ms_sum,
            sum(ttft_ms_sum)::bigint AS ttft_ms_sum, sum(ttft_count)::bigint AS ttft_count,
            usage_hist_sum(latency_hist) AS latency_hist, usage_hist_sum(ttft_hist) AS ttft_hist
            """;

    private final DatabaseClient db;

    UsageQueries(DatabaseClient db) {
        this.db = requireNonNull(db, "db");
    }

    /** One row per period ({@code group_by}), oldest first; periods without usage are absent. */
    Flux<UsageTotals> periods(UsageQuery query) {
        String sql = "SELECT date_trunc(:period, bucket, 'UTC') AS period_start, " + SUMS
                + " FROM usage_rollups" + where(query) + " GROUP BY 1 ORDER BY 1";
        return bind(db.sql(sql).bind("period", query.groupBy()), query)
                .map(row -> totals(row, requireNonNull(row.get("period_start", OffsetDateTime.class), "period_start").toInstant(), null))
                .all();
    }

    /** One row per model alias over the whole range, most expensive first. */
    Flux<UsageTotals> byModel(UsageQuery query) {
        String sql = "SELECT model, " + SUMS + " FROM usage_rollups" + where(query) + " GROUP BY model ORDER BY cost_usd DESC, model";
        return bind(db.sql(sql), query).map(row -> totals(row, null, row.get("model", String.class))).all();
    }

    private static String where(UsageQuery query) {
        StringBuilder where = new StringBuilder(" WHERE granularity = :granularity AND bucket >= :start AND bucket < :end");
        if (query.tenant() != null) {
            where.append(" AND tenant = :tenant");
        }
        if (query.key() != null) {
            where.append(" AND key_id = :key");
        }
        if (query.model() != null) {
            where.append(" AND model = :model");
        }
        return where.toString();
    }

    private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, UsageQuery query) {
        spec = spec.bind("granularity", query.granularity()).bind("start", query.start()).bind("end", query.end());
        if (query.tenant() != null) {
            spec = spec.bind("tenant", query.tenant());
        }
        if (query.key() != null) {
            spec = spec.bind("key", query.key());
        }
        if (query.model() != null) {
            spec = spec.bind("model", query.model());
        }
        return spec;
    }

    /** The totals over the whole range. */
    Mono<UsageTotals> total(UsageQuery query) {
        return bind(db.sql("SELECT " + SUMS + " FROM usage_rollups" + where(query)), query)
                .map(row -> totals(row, null, null))
                .one();
    }

    private static UsageTotals totals(Readable row, @Nullable Instant start, @Nullable String model) {
        long requests = number(row, "requests");
        return new UsageTotals(start, model, requests, number(row, "errors"), number(row, "prompt_tokens"),
                number(row, "completion_tokens"), number(row, "cached_tokens"), number(row, "cache_write_tokens"),
                Objects.requireNonNullElse(row.get("cost_usd", BigDecimal.class), BigDecimal.ZERO),
                UsageTotals.Latency.of(number(row, "latency_ms_sum"), requests, row.get("latency_hist", Long[].class)),
                UsageTotals.Latency.of(number(row, "ttft_ms_sum"), number(row, "ttft_count"), row.get("ttft_hist", Long[].class)));
    }

    private static long number(Readable row, String column) {
        Long value = row.get(column, Long.class);
        return value == null ? 0 : value;
    }
}
