package dev.sluice.pipeline.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Turns an {@code Authorization} header into a {@link Caller}: the configured admin token (compared in constant
 * time), or an HS256 JWT with an expiry and a tenant claim. CPU only (HMAC), so it may run on an event loop.
 */
final class CallerAuthenticator {

    private final byte[] adminToken;
    private final ConfigurableJWTProcessor<SecurityContext> jwts;
    private final AuthProperties properties;

    CallerAuthenticator(AuthProperties properties) {
        this.properties = properties;
        this.adminToken = properties.adminToken().getBytes(StandardCharsets.UTF_8);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256,
                new ImmutableSecret<>(properties.jwtSecret().getBytes(StandardCharsets.UTF_8))));
        JWTClaimsSet exact = properties.jwtIssuer() == null ? null
                : new JWTClaimsSet.Builder().issuer(properties.jwtIssuer()).build();
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(exact, Set.of("exp", properties.tenantClaim())));
        this.jwts = processor;
    }

    Caller authenticate(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthenticated("missing bearer token in the Authorization header");
        }
        String token = authorization.substring(7).trim();
        if (MessageDigest.isEqual(adminToken, token.getBytes(StandardCharsets.UTF_8))) {
            return new Caller(null, true);
        }
        JWTClaimsSet claims;
        try {
            claims = jwts.process(token, null);
        } catch (Exception e) {
            throw ApiException.unauthenticated("invalid token: " + e.getMessage());
        }
        Object tenant = claims.getClaim(properties.tenantClaim());
        if (!(tenant instanceof String name) || name.isBlank()) {
            throw ApiException.unauthenticated("token has no " + properties.tenantClaim() + " claim");
        }
        Object roles = claims.getClaim(properties.rolesClaim());
        boolean admin = roles instanceof List<?> list && list.contains(properties.adminRole());
        return new Caller(name, admin);
    }
}
