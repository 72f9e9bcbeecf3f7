package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.ratelimit.RedisFailureMode;
import dev.sluice.policy.rules.Limits;
import dev.sluice.policy.rules.Scope;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The policy engine's configuration, under {@code sluice.policy}.
 *
 * @param redisUrl            Redis for buckets and cache invalidation, e.g. {@code redis://127.0.0.1:6379}; unset = in-memory buckets
 * @param redisKeyPrefix      first segment of every Redis key and of the invalidation channel
 * @param redisFailureMode    {@code fail-open} (admit with per-instance buckets) or {@code fail-closed} (503) while Redis is down
 * @param redisTimeout        bound on each Redis round trip of admission
 * @param postgresUrl         Postgres for keys, policies and durable spend, e.g. {@code r2dbc:postgresql://127.0.0.1:5432/sluice}
 *                            ({@code jdbc:} and bare {@code postgresql:} forms are accepted); unset = keys and policies from this file
 * @param postgresUsername    Postgres user
 * @param postgresPassword    Postgres password
 * @param postgresSchema      schema of the policy tables, created and migrated by Flyway at startup
 * @param defaultOutputTokens output tokens reserved when a request names no max_tokens and no policy caps it
 * @param reservationHold     how long an unsettled reservation (a crashed instance) keeps a slot or a budget amount
 * @param cacheMaximumSize    entries per cache (keys, policy lists)
 * @param cacheRefresh        background refresh of cached entries; bounds staleness when an invalidation is missed
 * @param spendFlushInterval  how often settled spend is added to Postgres
 * @param devKeyEnabled       without Postgres, accept the well-known development key {@value DevKey#PLAINTEXT}
 * @param devKeyAnyInterface  while the development key is active, listen on every interface instead of loopback only
 * @param keys                API keys of the embedded configuration (without Postgres)
 * @param policies            policies of the embedded configuration (without Postgres)
 * @param jwt                 JWT bearer tokens; unset = API keys only
 * @param admin               the admin API (needs Postgres)
 */
@Validated
@ConfigurationProperties("sluice.policy")
public record PolicyProperties(
        @Nullable String redisUrl,
        @DefaultValue("sluice") @Pattern(regexp = "[A-Za-z0-9._-]+") String redisKeyPrefix,
        @DefaultValue("fail-open") @NotNull RedisFailureMode redisFailureMode,
        @DefaultValue("500ms") @NotNull Duration redisTimeout,
        @Nullable String postgresUrl,
        @DefaultValue("postgres") String postgresUsername,
        @Nullable String postgresPassword,
        @DefaultValue("policy") @Pattern(regexp = "[a-z_][a-z0-9_]*") String postgresSchema,
        @DefaultValue("4096") @Positive long defaultOutputTokens,
        @DefaultValue("10m") @NotNull Duration reservationHold,
        @DefaultValue("100000") @Positive long cacheMaximumSize,
        @DefaultValue("60s") @NotNull Duration cacheRefresh,
        @DefaultValue("5s") @NotNull Duration spendFlushInterval,
        @DefaultValue("true") boolean devKeyEnabled,
        @DefaultValue("false") boolean devKeyAnyInterface,
        @Valid @Nullable List<StaticKey> keys,
        @Valid @Nullable List<StaticPolicy> policies,
        @Valid @Nullable Jwt jwt,
        @DefaultValue @Valid Admin admin) {

    public PolicyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    @Override
    public List<StaticKey> keys() {
        return java.util.Objects.requireNonNull(keys);
    }

    @Override
    public List<StaticPolicy> policies() {
        return java.util.Objects.requireNonNull(policies);
    }

    public boolean hasRedis() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    public boolean hasPostgres() {
        return postgresUrl != null && !postgresUrl.isBlank();
    }

    /** The development key is accepted: no Postgres and not switched off. */
    public boolean devKeyActive() {
        return !hasPostgres() && devKeyEnabled;
    }

    /**
     * An API key of the embedded configuration: give the plaintext {@code key} or its SHA-256 {@code hash}.
     *
     * @param allowedModels empty = every model
     */
    public record StaticKey(@NotBlank String id, @Nullable String key, @Nullable String hash, @NotBlank String tenant,
                            @Nullable String team, @Nullable String user, @Nullable Set<String> allowedModels) {
        public StaticKey {
            allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
        }
    }

    /** A policy of the embedded configuration. */
    public record StaticPolicy(@NotBlank String id, @NotNull Scope scope, @NotBlank String subject,
                               @Nullable String tenant, @Nullable Limits limits) {
    }

    /**
     * @param claims which claims name the tenant (default {@code tenant}), team ({@code team}), user ({@code sub}) and roles ({@code roles})
     */
    public record Jwt(@NotBlank String issuer, @Nullable String audience, @Nullable URI jwksUrl, @Nullable String staticJwks,
                      @DefaultValue("30s") Duration minRefreshInterval, @DefaultValue("60s") Duration clockSkew,
                      @DefaultValue @Valid Claims claims) {
    }

    public record Claims(@DefaultValue("tenant") String tenant, @DefaultValue("team") String team,
                         @DefaultValue("sub") String user, @DefaultValue("roles") String roles) {
    }

    /**
     * @param token the admin credential ({@code Authorization: Bearer <token>}); unset = only JWTs with the admin role
     * @param role  the role (in the JWT roles claim) that grants the admin API
     */
    public record Admin(@DefaultValue("true") boolean enabled, @Nullable String token,
                        @DefaultValue("sluice-admin") String role) {
    }
}
