package dev.sluice.policy.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
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
import java.util.HashSet;
import java.util.List;
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
                settings.audience() == null ? null : new HashSet<>(List.of(settings.audience())),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
                new HashSet<>(List.of("exp")), new HashSet<>()); // nimbus asks contains(null): no Set.of
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
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
            return processEdDsa(jwt, set);
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(set)));
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException | JOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
    }

    /**
     * nimbus's key selector converts JWKs to {@code java.security.Key}, which an Ed25519 {@code OctetKeyPair} is not
     * (its verifier uses Tink): EdDSA is verified here with {@link Ed25519Verifier}, then the same claims checks.
     */
    private JWTClaimsSet processEdDsa(SignedJWT jwt, JWKSet set) {
        try {
            String kid = jwt.getHeader().getKeyID();
            for (JWK key : set.getKeys()) {
                if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
                        && (kid == null || kid.equals(okp.getKeyID()))
                        && jwt.verify(new Ed25519Verifier(okp.toPublicJWK()))) {
                    JWTClaimsSet claims = jwt.getJWTClaimsSet();
                    claimsVerifier.verify(claims, null);
                    return claims;
                }
            }
            throw new InvalidTokenException("no matching Ed25519 key", null);
        } catch (JOSEException | ParseException | BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage(), e);
        }
    }

    JwtSettings settings() {
        return settings;
    }
}
