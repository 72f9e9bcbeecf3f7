package dev.sluice.pipeline.api;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A validated usage query. {@code start} (inclusive) and {@code end} (exclusive) are UTC dates ({@code 2026-11-01})
 * or instants ({@code 2026-11-01T12:00:00Z}); whole days are read from the day rollups, anything finer from the
 * hour rollups (instants are truncated to the hour).
 *
 * @param tenant the tenant the caller may see (already scoped), null for all (admins)
 */
record UsageQuery(Instant start, Instant end, String groupBy, @Nullable String tenant, @Nullable String key,
                  @Nullable String model) {

    private static final Duration LONGEST = Duration.ofDays(400);

    static UsageQuery from(ServerRequest request, Caller caller) {
        Instant start = instant(request, "start");
        Instant end = instant(request, "end");
        if (!end.isAfter(start)) {
            throw ApiException.invalidParameter("end", "end must be after start");
        }
        if (Duration.between(start, end).compareTo(LONGEST) > 0) {
            throw ApiException.invalidParameter("end", "a query spans at most 400 days");
        }
        String groupBy = request.queryParam("group_by").orElse("day").toLowerCase(Locale.ROOT);
        if (!groupBy.equals("day") && !groupBy.equals("week") && !groupBy.equals("month")) {
            throw ApiException.invalidParameter("group_by", "group_by must be day, week or month");
        }
        String tenant = caller.scope(request.queryParam("tenant").orElse(null));
        return new UsageQuery(start, end, groupBy, tenant, request.queryParam("key").orElse(null),
                request.queryParam("model").orElse(null));
    }

    /** The rollup granularity that answers this query exactly. */
    String granularity() {
        return isMidnight(start) && isMidnight(end) ? "day" : "hour";
    }

    private static boolean isMidnight(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS).equals(instant);
    }

    private static Instant instant(ServerRequest request, String name) {
        String value = request.queryParam(name)
                .orElseThrow(() -> ApiException.invalidParameter(name, name + " is required"));
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value).truncatedTo(ChronoUnit.HOURS);
        } catch (DateTimeParseException e) {
            throw ApiException.invalidParameter(name, name + " must be a date (YYYY-MM-DD) or an instant (ISO-8601, UTC)");
        }
    }
}
