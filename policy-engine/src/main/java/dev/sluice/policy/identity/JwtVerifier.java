package dev.sluice.policy.identity;

import com.nimbusds.jwt.JWTClaimsSet;
import reactor.core.publisher.Mono;

/** Checks a compact JWT's signature and its iss, aud, exp and nbf; errors with {@link InvalidTokenException}. */
@FunctionalInterface
public interface JwtVerifier {

    Mono<JWTClaimsSet> verify(String token);

    static JwtVerifier create(JwtSettings settings) {
        return new NimbusJwtVerifier(settings, JwkSetSource.of(settings));
    }
}
