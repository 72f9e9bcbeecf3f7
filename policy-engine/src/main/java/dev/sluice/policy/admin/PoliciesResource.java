package dev.sluice.policy.admin;

import dev.sluice.policy.rules.AppliedPolicies;
import dev.sluice.policy.rules.Limits;
import dev.sluice.policy.rules.Money;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.Scope;
import dev.sluice.policy.rules.Violation;
import dev.sluice.policy.store.Invalidation;
import dev.sluice.policy.store.Invalidations;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Policies: CRUD, each change published so every instance drops the cached policy list it touched. */
final class PoliciesResource {

    private static final String COLUMNS = "id, scope, subject, tenant_id, limits";

    private final DatabaseClient db;
    private final String table;
    private final Invalidations invalidations;
    private final long defaultOutputTokens;

    PoliciesResource(DatabaseClient db, String schema, Invalidations invalidations, long defaultOutputTokens) {
        this.db = db;
        this.table = schema + ".policies";
        this.invalidations = invalidations;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        int limit = Page.limit(request);
        return db.sql("select " + COLUMNS + " from " + table + " where id > $1 order by id limit $2")
                .bind(0, Page.after(request)).bind(1, limit + 1)
                .map((row, meta) -> json(policy(row)))
                .all().collectList()
                .flatMap(rows -> ServerResponse.ok().bodyValue(TableResource.page(rows, limit)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return find(request.pathVariable("id"))
                .flatMap(p -> ServerResponse.ok().bodyValue(json(p)))
                .switchIfEmpty(AdminErrors.notFound("policy"));
    }

    private Mono<Policy> find(String id) {
        return db.sql("select " + COLUMNS + " from " + table + " where id = $1").bind(0, id)
                .map((row, meta) -> policy(row)).one();
    }

    @SuppressWarnings("unchecked")
    Mono<ServerResponse> create(ServerRequest request) {
        return request.bodyToMono(Map.class).map(m -> parse((Map<String, Object>) m, null))
                .flatMap(p -> TableResource.bind(db.sql("insert into " + table + " (" + COLUMNS
                                + ") values ($1, $2, $3, $4, $5)"), java.util.Arrays.asList(p.id(), p.scope().name(),
                                p.subject(), p.tenant(), Json.write(p.limits())))
                        .fetch().rowsUpdated()
                        .then(invalidations.publish(Invalidation.policy(p.target())))
                        .then(ServerResponse.status(HttpStatus.CREATED).bodyValue(json(p))));
    }

    @SuppressWarnings("unchecked")
    Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return find(id).zipWith(request.bodyToMono(Map.class).map(m -> parse((Map<String, Object>) m, id)))
                .flatMap(t -> {
                    Policy old = t.getT1();
                    Policy p = t.getT2();
                    return TableResource.bind(db.sql("update " + table + " set scope = $2, subject = $3, tenant_id = $4, "
                                    + "limits = $5, updated_at = now() where id = $1"), java.util.Arrays.asList(id,
                                    p.scope().name(), p.subject(), p.tenant(), Json.write(p.limits())))
                            .fetch().rowsUpdated()
                            .then(invalidations.publish(Invalidation.policy(old.target())))
                            .then(invalidations.publish(Invalidation.policy(p.target())))
                            .then(ServerResponse.ok().bodyValue(json(p)));
                })
                .switchIfEmpty(AdminErrors.notFound("policy"));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return find(request.pathVariable("id"))
                .flatMap(p -> db.sql("delete from " + table + " where id = $1").bind(0, p.id()).fetch().rowsUpdated()
                        .then(invalidations.publish(Invalidation.policy(p.target())))
                        .then(ServerResponse.noContent().build()))
                .switchIfEmpty(AdminErrors.notFound("policy"));
    }

    /**
     * Evaluates this one policy against a described request ({@code model, promptTokens, maxTokens, requestBytes,
     * worstCaseCostUsd}) without counting anything: the rules the request breaks on its own and the counted limits it
     * could never fit. Counters in Redis are not read.
     */
    @SuppressWarnings("unchecked")
    Mono<ServerResponse> evaluate(ServerRequest request) {
        return find(request.pathVariable("id"))
                .zipWith(request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m))
                .flatMap(t -> ServerResponse.ok().bodyValue(evaluate(t.getT1(), t.getT2())))
                .switchIfEmpty(AdminErrors.notFound("policy"));
    }

    private Map<String, Object> evaluate(Policy policy, Map<String, Object> body) {
        AppliedPolicies applied = AppliedPolicies.of(List.of(policy));
        String model = String.valueOf(body.getOrDefault("model", ""));
        Long maxTokens = body.get("maxTokens") == null ? null : ((Number) body.get("maxTokens")).longValue();
        long prompt = ((Number) body.getOrDefault("promptTokens", 0)).longValue();
        long bytes = ((Number) body.getOrDefault("requestBytes", 0)).longValue();
        BigDecimal cost = new BigDecimal(String.valueOf(body.getOrDefault("worstCaseCostUsd", "0")));
        List<Violation> violations = new ArrayList<>(applied.staticViolations(model, maxTokens, bytes));
        long tokens = prompt + applied.outputBound(maxTokens, defaultOutputTokens);
        violations.addAll(applied.impossibleCounts(tokens, Money.toMicros(cost)));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("decision", violations.isEmpty() ? "admit" : "reject");
        result.put("reservedTokens", tokens);
        result.put("violations", violations);
        result.put("countedLimits", applied.counters().stream()
                .map(c -> Map.of("counter", c.counter().shortName(), "limit", c.limit(),
                        "enforcement", c.enforcement().name())).toList());
        return result;
    }

    private static Policy parse(Map<String, Object> body, @Nullable String pathId) {
        String id = pathId != null ? pathId
                : body.get("id") == null ? Ids.generate("pol_") : Ids.check(String.valueOf(body.get("id")), "id");
        Scope scope;
        try {
            scope = Scope.valueOf(String.valueOf(body.get("scope")).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("scope must be one of KEY, TEAM, TENANT, MODEL", "scope");
        }
        String subject = String.valueOf(body.getOrDefault("subject", ""));
        if (subject.isBlank()) {
            throw new BadRequestException("subject is required", "subject");
        }
        String tenant = body.get("tenantId") == null ? null : Ids.check(String.valueOf(body.get("tenantId")), "tenantId");
        if (scope == Scope.TENANT && tenant == null) {
            tenant = Ids.check(subject, "subject");
        }
        if (tenant == null && scope != Scope.MODEL) {
            throw new BadRequestException("tenantId is required for a " + scope + " policy", "tenantId");
        }
        Limits limits;
        try {
            limits = body.get("limits") == null ? Limits.NONE : Json.MAPPER.convertValue(body.get("limits"), Limits.class);
        } catch (RuntimeException e) {
            throw new BadRequestException("limits: " + e.getMessage(), "limits");
        }
        return new Policy(id, scope, subject, tenant, limits);
    }

    private static Policy policy(io.r2dbc.spi.Readable row) {
        return new Policy(row.get("id", String.class), Scope.valueOf(row.get("scope", String.class)),
                row.get("subject", String.class), row.get("tenant_id", String.class),
                Json.MAPPER.readValue(row.get("limits", String.class), Limits.class));
    }

    private static Map<String, @Nullable Object> json(Policy p) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", p.id());
        json.put("scope", p.scope().name());
        json.put("subject", p.subject());
        json.put("tenantId", p.tenant());
        json.put("limits", p.limits());
        return json;
    }
}
