package dev.sluice.policy.admin;

import dev.sluice.policy.identity.Authenticators;
import dev.sluice.policy.identity.InvalidTokenException;
import dev.sluice.policy.identity.JwtVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;

/**
 * The admin API accepts {@code Authorization: Bearer <admin token>} (compared in constant time) or a JWT, verified by
 * the configured issuer, whose roles claim holds the admin role. Nothing configured: everything is refused.
 */
final class AdminAuthFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    private final byte @Nullable [] token;
    private final @Nullable JwtVerifier jwt;
    private final String rolesClaim;
    private final String adminRole;

    AdminAuthFilter(@Nullable String token, @Nullable JwtVerifier jwt, String rolesClaim, String adminRole) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
        this.jwt = jwt;
        this.rolesClaim = rolesClaim;
        this.adminRole = adminRole;
    }

    @Override
    public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
        String credential = Authenticators.credential(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
        if (credential == null) {
            return AdminErrors.error(HttpStatus.UNAUTHORIZED, "invalid_api_key", "Admin credential required.", null);
        }
        if (token != null && MessageDigest.isEqual(token, credential.getBytes(StandardCharsets.UTF_8))) {
            return next.handle(request);
        }
        if (jwt == null || credential.startsWith("sk-")) {
            return AdminErrors.error(HttpStatus.UNAUTHORIZED, "invalid_api_key", "Incorrect admin credential.", null);
        }
        return jwt.verify(credential)
                .flatMap(claims -> hasRole(claims.getClaim(rolesClaim)) ? next.handle(request)
                        : AdminErrors.error(HttpStatus.FORBIDDEN, "forbidden", "The token lacks the admin role.", null))
                .onErrorResume(InvalidTokenException.class, e -> AdminErrors.error(HttpStatus.UNAUTHORIZED,
                        "invalid_api_key", "Invalid bearer token: " + e.getMessage(), null));
    }

    private boolean hasRole(@Nullable Object roles) {
        if (roles instanceof Collection<?> list) {
            return list.stream().anyMatch(r -> adminRole.equals(String.valueOf(r)));
        }
        return roles instanceof String s && java.util.Arrays.asList(s.split("[ ,]+")).contains(adminRole);
    }
}
