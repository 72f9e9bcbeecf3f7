package dev.sluice.policy.admin;

import dev.sluice.policy.store.Invalidation;
import dev.sluice.policy.store.Invalidations;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create, read, update, delete and list for a plain table (tenants, teams, users). Column names come from the fixed
 * descriptors below, never from the request. Deleting cascades to keys and policies, so it drops every cache.
 */
final class TableResource {

    /** @param json the JSON field; {@code sql} the column; {@code required} on create; {@code id} is given on create */
    record Column(String json, String sql, boolean required) {
    }

    private final DatabaseClient db;
    private final String table;
    private final String what;
    private final List<Column> columns;
    private final Invalidations invalidations;

    TableResource(DatabaseClient db, String schema, String table, String what, List<Column> columns,
                  Invalidations invalidations) {
        this.db = db;
        this.table = schema + "." + table;
        this.what = what;
        this.columns = columns;
        this.invalidations = invalidations;
    }

    private String selectColumns() {
        return "id, " + String.join(", ", columns.stream().map(Column::sql).toList()) + ", created_at";
    }

    Mono<ServerResponse> list(ServerRequest request) {
        int limit = Page.limit(request);
        return db.sql("select " + selectColumns() + " from " + table + " where id > $1 order by id limit $2")
                .bind(0, Page.after(request)).bind(1, limit + 1)
                .map((row, meta) -> toJson(row))
                .all().collectList()
                .flatMap(rows -> ServerResponse.ok().bodyValue(page(rows, limit)));
    }

    static Page<Map<String, @Nullable Object>> page(List<Map<String, @Nullable Object>> rows, int limit) {
        boolean more = rows.size() > limit;
        List<Map<String, @Nullable Object>> data = more ? rows.subList(0, limit) : rows;
        return new Page<>(data, more, more ? String.valueOf(data.getLast().get("id")) : null);
    }

    Mono<ServerResponse> get(ServerRequest request) {
        return db.sql("select " + selectColumns() + " from " + table + " where id = $1")
                .bind(0, request.pathVariable("id"))
                .map((row, meta) -> toJson(row))
                .one()
                .flatMap(row -> ServerResponse.ok().bodyValue(row))
                .switchIfEmpty(AdminErrors.notFound(what));
    }

    @SuppressWarnings("unchecked")
    Mono<ServerResponse> create(ServerRequest request) {
        return request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m).flatMap(body -> {
            String id = Ids.check(String.valueOf(body.getOrDefault("id", "")), "id");
            List<String> names = new ArrayList<>(List.of("id"));
            List<@Nullable Object> values = new ArrayList<>(List.of(id));
            for (Column c : columns) {
                Object v = body.get(c.json());
                if (v == null && c.required()) {
                    throw new BadRequestException(c.json() + " is required", c.json());
                }
                names.add(c.sql());
                values.add(v == null ? null : String.valueOf(v));
            }
            String sql = "insert into " + table + " (" + String.join(", ", names) + ") values ("
                    + placeholders(names.size()) + ")";
            return bind(db.sql(sql), values).fetch().rowsUpdated()
                    .then(db.sql("select " + selectColumns() + " from " + table + " where id = $1").bind(0, id)
                            .map((row, meta) -> toJson(row)).one())
                    .flatMap(row -> ServerResponse.status(HttpStatus.CREATED).bodyValue(row));
        });
    }

    @SuppressWarnings("unchecked")
    Mono<ServerResponse> update(ServerRequest request) {
        String id = request.pathVariable("id");
        return request.bodyToMono(Map.class).map(m -> (Map<String, Object>) m).flatMap(body -> {
            List<String> sets = new ArrayList<>();
            List<@Nullable Object> values = new ArrayList<>();
            for (Column c : columns) {
                if (body.containsKey(c.json())) {
                    values.add(body.get(c.json()) == null ? null : String.valueOf(body.get(c.json())));
                    sets.add(c.sql() + " = $" + values.size());
                }
            }
            if (sets.isEmpty()) {
                throw new BadRequestException("nothing to update", null);
            }
            values.add(id);
            String sql = "update " + table + " set " + String.join(", ", sets) + " where id = $" + values.size();
            return bind(db.sql(sql), values).fetch().rowsUpdated()
                    .flatMap(n -> n == 0 ? AdminErrors.notFound(what)
                            : invalidations.publish(Invalidation.ALL).then(get(request)));
        });
    }

    Mono<ServerResponse> delete(ServerRequest request) {
        return db.sql("delete from " + table + " where id = $1").bind(0, request.pathVariable("id"))
                .fetch().rowsUpdated()
                .flatMap(n -> n == 0 ? AdminErrors.notFound(what)
                        : invalidations.publish(Invalidation.ALL).then(ServerResponse.noContent().build()));
    }

    private Map<String, @Nullable Object> toJson(io.r2dbc.spi.Readable row) {
        Map<String, @Nullable Object> json = new LinkedHashMap<>();
        json.put("id", row.get("id", String.class));
        for (Column c : columns) {
            json.put(c.json(), row.get(c.sql(), String.class));
        }
        json.put("createdAt", String.valueOf(row.get("created_at", java.time.OffsetDateTime.class)));
        return json;
    }

    static String placeholders(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            s.append(i > 1 ? ", " : "").append('$').append(i);
        }
        return s.toString();
    }

    static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec, List<@Nullable Object> values) {
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            spec = v == null ? spec.bindNull(i, String.class) : spec.bind(i, v);
        }
        return spec;
    }
}
