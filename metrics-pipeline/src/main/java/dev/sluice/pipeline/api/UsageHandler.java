package dev.sluice.pipeline.api;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** {@code GET /v1/usage} and {@code GET /v1/usage/summary}: authenticate, scope to the caller's tenant, query. */
final class UsageHandler {

    private final CallerAuthenticator authenticator;
    private final UsageQueries queries;

    UsageHandler(CallerAuthenticator authenticator, UsageQueries queries) {
        this.authenticator = requireNonNull(authenticator, "authenticator");
        this.queries = requireNonNull(queries, "queries");
    }

    Mono<ServerResponse> usage(ServerRequest request) {
        return query(request).flatMap(query -> queries.periods(query).collectList()
                .map(data -> new UsagePage(query.start(), query.end(), query.groupBy(), query.tenant(), data)))
                .flatMap(page -> ServerResponse.ok().bodyValue(page));
    }

    Mono<ServerResponse> summary(ServerRequest request) {
        return query(request).flatMap(query -> Mono.zip(queries.total(query), queries.byModel(query).collectList())
                .map(t -> new UsageSummary(query.start(), query.end(), query.tenant(), t.getT1(), t.getT2())))
                .flatMap(summary -> ServerResponse.ok().bodyValue(summary));
    }

    /** Authenticates and validates; an {@link ApiException} arrives as the Mono's error. */
    private Mono<UsageQuery> query(ServerRequest request) {
        return Mono.fromCallable(() -> UsageQuery.from(request,
                authenticator.authenticate(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))));
    }

    /** The body of {@code GET /v1/usage}. */
    record UsagePage(String object, Instant start, Instant end, String groupBy, @Nullable String tenant,
                     List<UsageTotals> data) {
        UsagePage(Instant start, Instant end, String groupBy, @Nullable String tenant, List<UsageTotals> data) {
            this("list", start, end, groupBy, tenant, data);
        }
    }

    /** The body of {@code GET /v1/usage/summary}. */
    record UsageSummary(String object, Instant start, Instant end, @Nullable String tenant, UsageTotals total,
                        List<UsageTotals> byModel) {
        UsageSummary(Instant start, Instant end, @Nullable String tenant, UsageTotals total, List<UsageTotals> byModel) {
            this("usage.summary", start, end, tenant, total, byModel);
        }
    }
}
