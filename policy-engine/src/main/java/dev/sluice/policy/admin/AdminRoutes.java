package dev.sluice.policy.admin;

import dev.sluice.policy.identity.JwtVerifier;
import dev.sluice.policy.store.Invalidations;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.List;

/** The admin API's routes under {@code /admin/v1}; the OpenAPI document at {@code /admin/v1/openapi.yaml} needs no credential. */
public final class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

    private AdminRoutes() {
    }

    /**
     * @param adminToken the static admin credential; null = only JWTs with the admin role
     * @param jwt        verifies admin JWTs; null = only the admin token
     */
    public static RouterFunction<ServerResponse> create(DatabaseClient db, String schema, Invalidations invalidations,
                                                        @Nullable String adminToken, @Nullable JwtVerifier jwt,
                                                        String rolesClaim, String adminRole, Clock clock,
                                                        long defaultOutputTokens) {
        TableResource tenants = new TableResource(db, schema, "tenants", "tenant",
                List.of(new TableResource.Column("name", "name", true)), invalidations);
        TableResource teams = new TableResource(db, schema, "teams", "team",
                List.of(new TableResource.Column("tenantId", "tenant_id", true),
                        new TableResource.Column("name", "name", true)), invalidations);
        TableResource users = new TableResource(db, schema, "users", "user",
                List.of(new TableResource.Column("tenantId", "tenant_id", true),
                        new TableResource.Column("teamId", "team_id", false),
                        new TableResource.Column("email", "email", false)), invalidations);
        KeysResource keys = new KeysResource(db, schema, invalidations, clock);
        PoliciesResource policies = new PoliciesResource(db, schema, invalidations, defaultOutputTokens);

        RouterFunction<ServerResponse> api = RouterFunctions.route()
                .path("/admin/v1", b -> b
                        .add(crud("/tenants", tenants))
                        .add(crud("/teams", teams))
                        .add(crud("/users", users))
                        .GET("/keys", keys::list).POST("/keys", keys::create)
                        .GET("/keys/{id}", keys::get).PUT("/keys/{id}", keys::update)
                        .DELETE("/keys/{id}", keys::delete).POST("/keys/{id}/rotate", keys::rotate)
                        .GET("/policies", policies::list).POST("/policies", policies::create)
                        .GET("/policies/{id}", policies::get).PUT("/policies/{id}", policies::update)
                        .DELETE("/policies/{id}", policies::delete)
                        .POST("/policies/{id}/evaluate", policies::evaluate))
                .filter(new AdminAuthFilter(adminToken, jwt, rolesClaim, adminRole))
                .filter((request, next) -> next.handle(request).onErrorResume(AdminRoutes::error))
                .build();
        RouterFunction<ServerResponse> openapi = RouterFunctions.route()
                .GET("/admin/v1/openapi.yaml", r -> ServerResponse.ok()
                        .contentType(MediaType.parseMediaType("application/yaml"))
                        .bodyValue(new ClassPathResource("dev/sluice/policy/admin/openapi.yaml")))
                .build();
        return openapi.and(api);
    }

    private static RouterFunction<ServerResponse> crud(String path, TableResource resource) {
        return RouterFunctions.route()
                .GET(path, resource::list).POST(path, resource::create)
                .GET(path + "/{id}", resource::get).PUT(path + "/{id}", resource::update)
                .DELETE(path + "/{id}", resource::delete)
                .build();
    }

    private static Mono<ServerResponse> error(Throwable e) {
        return switch (e) {
            case BadRequestException b -> AdminErrors.badRequest(b.getMessage(), b.param);
            case DataIntegrityViolationException d -> AdminErrors.error(HttpStatus.CONFLICT, "conflict",
                    "conflicts with existing data: " + rootMessage(d), null);
            case ServerWebInputException w -> AdminErrors.badRequest(w.getReason() == null ? "bad request" : w.getReason(), null);
            case IllegalArgumentException i -> AdminErrors.badRequest(i.getMessage() == null ? "bad request" : i.getMessage(), null);
            default -> {
                log.error("admin request failed", e);
                yield AdminErrors.error(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "internal error", null);
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
