package dev.sluice.policy.identity;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How JWT bearer tokens are checked and mapped to a caller.
 *
 * @param issuer             required {@code iss}
 * @param audience           required in {@code aud}; null = not checked
 * @param jwksUrl            where signing keys are fetched (cached, fetched again on an unknown {@code kid})
 * @param staticJwks         a JWK set as JSON, used instead of or before the URL
 * @param minRefreshInterval no more than one JWKS fetch per interval, however many unknown kids arrive
 * @param clockSkew          tolerance on exp and nbf
 */
public record JwtSettings(String issuer, @Nullable String audience, @Nullable URI jwksUrl, @Nullable String staticJwks,
                          ClaimMapping claims, Duration minRefreshInterval, Duration clockSkew) {

    public JwtSettings {
        requireNonNull(issuer, "issuer");
        requireNonNull(claims, "claims");
        if (jwksUrl == null && staticJwks == null) {
            throw new IllegalArgumentException("a JWT issuer needs a jwks-url or static-jwks");
        }
    }

    /** Which claims name the tenant, team, user and roles; roles may be a string or an array. */
    public record ClaimMapping(String tenant, String team, String user, String roles) {
        public static final ClaimMapping DEFAULT = new ClaimMapping("tenant", "team", "sub", "roles");
    }
}
