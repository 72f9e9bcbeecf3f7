package dev.sluice.policy.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.policy.admission.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** A JWT bearer token: verified, then its configured claims become the caller. */
final class JwtAuthenticator {

    private final JwtVerifier verifier;
    private final JwtSettings.ClaimMapping claims;

    JwtAuthenticator(JwtVerifier verifier, JwtSettings.ClaimMapping claims) {
        this.verifier = verifier;
        this.claims = claims;
    }

    Mono<Authentication> authenticate(String token) {
        return verifier.verify(token)
                .map(this::toAuthentication)
                .onErrorResume(InvalidTokenException.class,
                        e -> Mono.just(new Authentication.Unauthenticated("Invalid bearer token: " + e.getMessage())));
    }

    private Authentication toAuthentication(JWTClaimsSet set) {
        String tenant = string(set, claims.tenant());
        if (tenant == null) {
            return new Authentication.Unauthenticated("Invalid bearer token: no '" + claims.tenant() + "' claim.");
        }
        Caller caller = new Caller(tenant, string(set, claims.team()), string(set, claims.user()), null, roles(set));
        return new Authentication.Authenticated(caller, Set.of());
    }

    private static @Nullable String string(JWTClaimsSet set, String claim) {
        Object value = set.getClaim(claim);
        return value == null ? null : value.toString();
    }

    /** Roles from a string (space or comma separated) or an array claim. */
    static Set<String> roles(JWTClaimsSet set, String claim) {
        Object value = set.getClaim(claim);
        Set<String> roles = new HashSet<>();
        if (value instanceof Collection<?> list) {
            list.forEach(r -> roles.add(String.valueOf(r)));
        } else if (value instanceof String s) {
            for (String r : s.split("[ ,]+")) {
                if (!r.isBlank()) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }

    private Set<String> roles(JWTClaimsSet set) {
        return roles(set, claims.roles());
    }
}
