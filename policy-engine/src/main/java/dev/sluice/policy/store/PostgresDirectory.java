package dev.sluice.policy.store;

import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.KeyDirectory;
import dev.sluice.policy.identity.KeyStatus;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.PolicyDirectory;
import dev.sluice.policy.rules.PolicyTarget;
import dev.sluice.policy.rules.Scope;
import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/** Keys and policies read from Postgres over R2DBC; sits behind {@link CachedDirectory}. */
final class PostgresDirectory implements KeyDirectory, PolicyDirectory {

    static final String KEY_COLUMNS =
            "id, tenant_id, team_id, user_id, prefix, hash, status, expires_at, allowed_models, metadata";
    static final String POLICY_COLUMNS = "id, scope, subject, tenant_id, limits";

    private final DatabaseClient db;
    private final String schema;

    PostgresDirectory(DatabaseClient db, String schema) {
        this.db = db;
        this.schema = schema;
    }

    @Override
    public Mono<ApiKey> findByHash(String hash) {
        return db.sql("select " + KEY_COLUMNS + " from " + schema + ".api_keys where hash = $1")
                .bind(0, hash)
                .map(PostgresDirectory::apiKey)
                .one();
    }

    @Override
    public Mono<List<Policy>> policies(PolicyTarget target) {
        if (target.scope() == Scope.MODEL) {
            return db.sql("select " + POLICY_COLUMNS + " from " + schema + ".policies where scope = 'MODEL' and subject = $1")
                    .bind(0, target.name())
                    .map(PostgresDirectory::policy)
                    .all().collectList();
        }
        int slash = target.name().indexOf('/');
        return db.sql("select " + POLICY_COLUMNS + " from " + schema
                        + ".policies where scope = $1 and tenant_id = $2 and subject = $3")
                .bind(0, target.scope().name())
                .bind(1, target.name().substring(0, slash))
                .bind(2, target.name().substring(slash + 1))
                .map(PostgresDirectory::policy)
                .all().collectList();
    }

    static ApiKey apiKey(Readable row) {
        OffsetDateTime expires = row.get("expires_at", OffsetDateTime.class);
        String[] models = row.get("allowed_models", String[].class);
        return new ApiKey(row.get("id", String.class), row.get("tenant_id", String.class), row.get("team_id", String.class),
                row.get("user_id", String.class), row.get("prefix", String.class), row.get("hash", String.class),
                KeyStatus.valueOf(row.get("status", String.class)), expires == null ? null : expires.toInstant(),
                models == null ? Set.of() : Set.of(models), Json.metadata(row.get("metadata", String.class)));
    }

    static Policy policy(Readable row) {
        return new Policy(row.get("id", String.class), Scope.valueOf(row.get("scope", String.class)),
                row.get("subject", String.class), row.get("tenant_id", String.class),
                Json.limits(row.get("limits", String.class)));
    }
}
