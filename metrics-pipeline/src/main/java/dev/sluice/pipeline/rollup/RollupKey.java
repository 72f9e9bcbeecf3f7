package dev.sluice.pipeline.rollup;

import dev.sluice.usage.event.UsageEvent;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * The primary key of a row of {@code usage_rollups}. Missing dimensions are {@code ""}, as stored, so that the
 * unique key matches them.
 */
public record RollupKey(Granularity granularity, Instant bucket, String tenant, String team, String keyId,
                        String model, String provider, int httpStatus) {

    static RollupKey of(Granularity granularity, UsageEvent event) {
        return new RollupKey(granularity, granularity.truncate(event.receivedAt()), event.tenant(),
                orEmpty(event.team()), orEmpty(event.keyId()), event.model(), orEmpty(event.provider()),
                event.httpStatus());
    }

    private static String orEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
