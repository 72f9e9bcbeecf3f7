package dev.sluice.policy.identity;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.time.Clock;

/** Named factories: API keys, and JWTs when an issuer is configured. */
public final class Authenticators {

    private Authenticators() {
    }

    /**
     * Reads {@code Bearer <credential>} (or a bare credential, as sent in {@code x-api-key}): {@code sk-…} is an API
     * key; anything else is a JWT when a verifier is given.
     */
    public static Authenticator create(KeyDirectory keys, @Nullable JwtVerifier jwt,
                                       JwtSettings.@Nullable ClaimMapping claims, Clock clock) {
        ApiKeyAuthenticator apiKeys = new ApiKeyAuthenticator(keys, clock);
        JwtAuthenticator tokens = jwt == null ? null
                : new JwtAuthenticator(jwt, claims == null ? JwtSettings.ClaimMapping.DEFAULT : claims);
        return authorization -> {
            String credential = credential(authorization);
            if (credential == null) {
                return Mono.just(new Authentication.Unauthenticated(
                        "You didn't provide an API key. Provide it in the Authorization header as 'Bearer YOUR_KEY'."));
            }
            if (ApiKeys.looksLikeKey(credential)) {
                return apiKeys.authenticate(credential);
            }
            if (tokens != null) {
                return tokens.authenticate(credential);
            }
            return Mono.just(new Authentication.Unauthenticated("Incorrect API key provided."));
        };
    }

    /** The credential from {@code Bearer x}, or the header itself when it has no scheme; null when absent or blank. */
    public static @Nullable String credential(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return null;
        }
        String value = authorization.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? null : value;
    }
}
