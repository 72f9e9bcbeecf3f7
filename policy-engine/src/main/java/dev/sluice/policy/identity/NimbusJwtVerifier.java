package dev.sluice.policy.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import reactor.core.publisher.Mono;

import java.text.ParseException;
import java.util.Set;

/** Verifies with nimbus-jose-jwt against the current key set; an unknown {@code kid} triggers one refresh. */
final class NimbusJwtVerifier implements JwtVerifier {

    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final JwtSettings settings;
    private final JwkSetSource keys;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

    NimbusJwtVerifier(JwtSettings settings, JwkSetSource keys) {
        this.settings = settings;
        this.keys = keys;
        this.claimsVerifier = new DefaultJWTClaimsVerifier<>(
                settings.audience() == null ? null : Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                Set.of("exp"), Set.of());
        this.claimsVerifier.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    }

    @Override
    public Mono<JWTClaimsSet> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(new InvalidTokenException("malformed token", e));
        }
        String kid = jwt.getHeader().getKeyID();
        return keys.current()
                .flatMap(set -> knows(set, kid) ? Mono.just(set) : keys.refresh())
                .map(set -> process(jwt, set));
    }

    private static boolean knows(JWKSet set, String kid) {
        return kid == null ? !set.isEmpty() : set.getKeyByKeyId(kid) != null;
    }

    private JWTClaimsSet process(SignedJWT jwt, JWKSet set) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(set)));
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
    }

    JwtSettings settings() {
        return settings;
    }
}
