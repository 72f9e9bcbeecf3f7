-- Raw usage events, one row per request, partitioned by day of received_at (UTC).
-- The primary key includes the partition key, as Postgres requires; event ids are unique per request,
-- so (event_id, received_at) de-duplicates exactly like event_id alone.
CREATE TABLE usage_events (
    event_id           uuid        NOT NULL,
    received_at        timestamptz NOT NULL,
    first_token_at     timestamptz,
    completed_at       timestamptz NOT NULL,
    request_id         text        NOT NULL,
    trace_id           text,
    tenant             text        NOT NULL,
    team               text,
    user_id            text,
    key_id             text,
    model              text        NOT NULL,
    provider           text,
    upstream_model     text,
    streamed           boolean     NOT NULL,
    http_status        integer     NOT NULL,
    error_code         text,
    outcome            text        NOT NULL,
    prompt_tokens      bigint      NOT NULL,
    completion_tokens  bigint      NOT NULL,
    cached_tokens      bigint      NOT NULL,
    cache_write_tokens bigint      NOT NULL,
    usage_source       text        NOT NULL,
    cost_usd           numeric(20, 10) NOT NULL,
    price_version      text,
    ttft_ms            bigint,
    latency_ms         bigint      NOT NULL,
    client_user        text,
    metadata           jsonb       NOT NULL DEFAULT '{}',
    ingested_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (event_id, received_at)
) PARTITION BY RANGE (received_at);

-- Catches events outside the pre-created daily partitions (very late or far-future clocks) so an insert never fails.
CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;

-- Rollups per granularity (minute, hour, day) and dimension set. Nullable dimensions are stored as '' so that
-- the unique key works. Histograms count latencies into the buckets of usage_latency_bounds() (bucket i: [bound i-1, bound i), the last: from the last bound up);
-- the application computes them with the same bounds (LatencyBuckets).
CREATE TABLE usage_rollups (
    granularity        text        NOT NULL,
    bucket             timestamptz NOT NULL,
    tenant             text        NOT NULL,
    team               text        NOT NULL,
    key_id             text        NOT NULL,
    model              text        NOT NULL,
    provider           text        NOT NULL,
    http_status        integer     NOT NULL,
    requests           bigint      NOT NULL,
    errors             bigint      NOT NULL,
    prompt_tokens      bigint      NOT NULL,
    completion_tokens  bigint      NOT NULL,
    cached_tokens      bigint      NOT NULL,
    cache_write_tokens bigint      NOT NULL,
    cost_usd           numeric(24, 10) NOT NULL,
    latency_ms_sum     bigint      NOT NULL,
    ttft_ms_sum        bigint      NOT NULL,
    ttft_count         bigint      NOT NULL,
    latency_hist       bigint[]    NOT NULL,
    ttft_hist          bigint[]    NOT NULL,
    last_ingested_at   timestamptz NOT NULL,
    PRIMARY KEY (granularity, bucket, tenant, team, key_id, model, provider, http_status)
);

CREATE INDEX usage_rollups_tenant_bucket ON usage_rollups (granularity, tenant, bucket);

-- Upper bounds (ms, exclusive) of the histogram buckets; one more bucket holds everything above the last bound.
CREATE FUNCTION usage_latency_bounds() RETURNS bigint[] LANGUAGE sql IMMUTABLE AS
$$ SELECT ARRAY[10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 120000]::bigint[] $$;

-- Element-wise sum of two histograms.
CREATE FUNCTION usage_hist_add(a bigint[], b bigint[]) RETURNS bigint[] LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT array_agg(x + y ORDER BY i) FROM unnest(a, b) WITH ORDINALITY AS t(x, y, i) $$;

CREATE AGGREGATE usage_hist_sum(bigint[]) (SFUNC = usage_hist_add, STYPE = bigint[]);
