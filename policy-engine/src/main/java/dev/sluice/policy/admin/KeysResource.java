package dev.sluice.policy.admin;

import dev.sluice.policy.identity.ApiKeys;
import dev.sluice.policy.identity.KeyStatus;
import dev.sluice.policy.store.Invalidation;
import dev.sluice.policy.store.Invalidations;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API keys: the plaintext is returned once, by create and rotate; only its hash and display prefix are stored.
 * Rotation creates a key with the same owner and models and lets the old one work until the grace period ends.
 */
final class KeysResource {

    private static final String COLUMNS = "id, tenant_id, team_id, user_id, prefix, hash, status, expires_at, "
            + "allowed_models, metadata, replaced_by, created_at";

    private final DatabaseClient db;
    private final String table;
    private final Invalidations invalidations;
    private final Clock clock;

    KeysResource(DatabaseClient db, String schema, Invalidations invalidations, Clock clock) {
        this.db = db;
        this.table = schema + ".api_keys";
        this.invalidations = invalidations;
        this.clock = clock;
    }

    Mono<ServerResponse> list(ServerRequest request) {
        int limit = Page.limit(request);
        String tenantFilter = request.queryParam("tenantId").map(t -> " and tenant_id = $3").orElse("");
        DatabaseClient.GenericExecuteSpec spec = db.sql("select " + COLUMNS + " from " + table + " where id > $1"
                        + tenantFilter + " order by id limit $2")
                .bind(0, Page.after(request)).bind(1, limit + 1);
        if (!tenantFilter.isEmpty()) {
            spec = spec.bind(2, request.queryParam("tenantId").orElseThrow());
        }
        return spec.map((row, meta) -> toJson(row)).all().collectList()
                .flatMap(rows -> ServerResponse.ok().bodyValue(TableResource.page(rows, limit)));
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return find(request.pathVariable("id"))
                .flatMap(row -> ServerResponse.ok().bodyValue(row))
                .switchIfEmpty(AdminErrors.notFound("key"));
    }

    private Mono<Map<String, @Nullable Object>> find(String id) {
        return db.sql("select " + COLUMNS + " from " + table + " where id = $1").bind(0, id)
                .map((row, meta) -> toJson(row)).one();
    }

    @SuppressWarnings("unchecked")
    Mono<ServerResponse> create(ServerRequest request) {
        return request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m).flatMap(body -> {
            String tenant = Ids.check(String.valueOf(body.getOrDefault("tenantId", "")), "tenantId");
            return insert(tenant, (String) body.get("teamId"), (String) body.get("userId"),
                    expiresAt(body.get("expiresAt")), models(body.get("allowedModels")),
                    body.get("metadata") == null ? Map.of() : (Map<String, Object>) body.get("metadata"));
        }).flatMap(created -> ServerResponse.status(HttpStatus.CREATED).bodyValue(created));
    }

    private Mono<Map<String, @Nullable Object>> insert(String tenant, @Nullable String team, @Nullable String user,
                                                      @Nullable Instant expires, String[] models,
                                                      Map<String, Object> metadata) {
        String id = Ids.generate("key_");
        String plaintext = ApiKeys.generate();
        DatabaseClient.GenericExecuteSpec spec = TableResource.bind(db.sql("insert into " + table
                        + " (id, tenant_id, team_id, user_id, prefix, hash, status, allowed_models, metadata, expires_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
                java.util.Arrays.asList(id, tenant, team, user, ApiKeys.displayPrefix(plaintext),
                        ApiKeys.hash(plaintext), KeyStatus.ACTIVE.name(), models, Json.write(metadata)));
        spec = expires == null ? spec.bindNull(9, OffsetDateTime.class)
                : spec.bind(9, OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
        return spec
                .fetch().rowsUpdated()
                .then(find(id))
                .map(row -> {
                    Map<String, @Nullable Object> created = new LinkedHashMap<>(row);
                    created.put("key", plaintext);
                    return created;
                });
    }

    /** {@code {"gracePeriodSeconds": 86400}}: the old key works until then, the new one at once. */
    @SuppressWarnings("unchecked")
    Mono<ServerResponse> rotate(ServerRequest request) {
        String oldId = request.pathVariable("id");
        return request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m).defaultIfEmpty(Map.of())
                .zipWith(db.sql("select " + COLUMNS + " from " + table + " where id = $1 and status = 'ACTIVE'")
                        .bind(0, oldId).map((row, meta) -> row(row)).one())
                .flatMap(t -> {
                    Map<String, Object> body = t.getT1();
                    Map<String, @Nullable Object> old = t.getT2();
                    long grace = ((Number) body.getOrDefault("gracePeriodSeconds", 86_400)).longValue();
                    Instant until = clock.instant().plus(Duration.ofSeconds(Math.max(0, grace)));
                    return insert((String) old.get("tenant_id"), (String) old.get("team_id"), (String) old.get("user_id"),
                            (Instant) old.get("expires_at"), (String[]) old.get("allowed_models"),
                            Json.metadataObject((String) old.get("metadata")))
                            .flatMap(created -> db.sql("update " + table + " set expires_at = least(coalesce(expires_at, $1), $1), "
                                            + "replaced_by = $2 where id = $3")
                                    .bind(0, OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                                    .bind(1, String.valueOf(created.get("id"))).bind(2, oldId)
                                    .fetch().rowsUpdated()
                                    .then(invalidations.publish(Invalidation.key(String.valueOf(old.get("hash")))))
                                    .thenReturn(created));
                })
                .flatMap(created -> ServerResponse.status(HttpStatus.CREATED).bodyValue(created))
                .switchIfEmpty(AdminErrors.notFound("active key"));
    }

    /** Changes status (e.g. {@code REVOKED}), expiry, models or metadata. */
    @SuppressWarnings("unchecked")
    Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m)
                .zipWith(db.sql("select hash from " + table + " where id = $1").bind(0, id)
                        .map(row -> row.get(0, String.class)).one())
                .flatMap(t -> {
                    Map<String, Object> body = t.getT1();
                    StringBuilder sets = new StringBuilder("id = id");
                    java.util.List<@Nullable Object> values = new java.util.ArrayList<>();
                    if (body.containsKey("status")) {
                        values.add(KeyStatus.valueOf(String.valueOf(body.get("status"))).name());
                        sets.append(", status = $").append(values.size());
                    }
                    if (body.containsKey("allowedModels")) {
                        values.add(models(body.get("allowedModels")));
                        sets.append(", allowed_models = $").append(values.size());
                    }
                    if (body.containsKey("metadata")) {
                        values.add(Json.write(body.get("metadata")));
                        sets.append(", metadata = $").append(values.size());
                    }
                    if (body.containsKey("expiresAt")) {
                        Instant e = expiresAt(body.get("expiresAt"));
                        values.add(e == null ? null : OffsetDateTime.ofInstant(e, ZoneOffset.UTC));
                        sets.append(", expires_at = $").append(values.size());
                    }
                    values.add(id);
                    DatabaseClient.GenericExecuteSpec spec = db.sql("update " + table + " set " + sets
                            + " where id = $" + values.size());
                    for (int i = 0; i < values.size(); i++) {
                        Object v = values.get(i);
                        spec = v == null ? spec.bindNull(i, OffsetDateTime.class) : spec.bind(i, v);
                    }
                    return spec.fetch().rowsUpdated().then(invalidations.publish(Invalidation.key(t.getT2())));
                })
                .then(Mono.defer(() -> get(request)));
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return db.sql("delete from " + table + " where id = $1 returning hash").bind(0, request.pathVariable("id"))
                .map(row -> row.get(0, String.class)).one()
                .flatMap(hash -> invalidations.publish(Invalidation.key(hash)).then(ServerResponse.noContent().build()))
                .switchIfEmpty(AdminErrors.notFound("key"));
    }

    private static @Nullable Instant expiresAt(@Nullable Object value) {
        return value == null ? null : Instant.parse(String.valueOf(value));
    }

    private static String[] models(@Nullable Object value) {
        if (value == null) {
            return new String[0];
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(String::valueOf).toArray(String[]::new);
        }
        throw new BadRequestException("allowedModels must be an array", "allowedModels");
    }

    private static Map<String, @Nullable Object> row(io.r2dbc.spi.Readable row) {
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (String c : List.of("id", "tenant_id", "team_id", "user_id", "prefix", "hash", "status", "metadata")) {
            values.put(c, row.get(c, String.class));
        }
        OffsetDateTime expires = row.get("expires_at", OffsetDateTime.class);
        values.put("expires_at", expires == null ? null : expires.toInstant());
        values.put("allowed_models", row.get("allowed_models", String[].class));
        return values;
    }

    private static Map<String, @Nullable Object> toJson(io.r2dbc.spi.Readable row) {
        Map<String, @Nullable Object> r = row(row);
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", r.get("id"));
        json.put("tenantId", r.get("tenant_id"));
        json.put("teamId", r.get("team_id"));
        json.put("userId", r.get("user_id"));
        json.put("prefix", r.get("prefix"));
        json.put("status", r.get("status"));
        json.put("expiresAt", r.get("expires_at") == null ? null : r.get("expires_at").toString());
        String[] models = (String[]) r.get("allowed_models");
        json.put("allowedModels", models == null ? List.of() : List.of(models));
        json.put("metadata", Json.metadataObject((String) r.get("metadata")));
        json.put("replacedBy", row.get("replaced_by", String.class));
        json.put("createdAt", String.valueOf(row.get("created_at", OffsetDateTime.class)));
        return json;
    }
}
