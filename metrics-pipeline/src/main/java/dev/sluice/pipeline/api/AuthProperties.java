package dev.sluice.pipeline.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the usage API authenticates callers ({@code Authorization: Bearer ...}).
 *
 * @param adminToken  a static bearer token that holds the admin role (operators, the policy engine's budget rebuild)
 * @param jwtSecret   HMAC secret (at least 32 bytes) verifying HS256 JWTs issued to tenants
 * @param jwtIssuer   required {@code iss} of those JWTs, when set
 * @param tenantClaim the claim naming the caller's tenant
 * @param rolesClaim  the claim listing the caller's roles
 * @param adminRole   the role that sees every tenant
 */
@Validated
@ConfigurationProperties("sluice.pipeline.auth")
public record AuthProperties(
        @NotBlank @Size(min = 24) String adminToken,
        @NotBlank @Size(min = 32) String jwtSecret,
        @Nullable String jwtIssuer,
        @DefaultValue("tenant") @NotBlank String tenantClaim,
        @DefaultValue("roles") @NotBlank String rolesClaim,
        @DefaultValue("admin") @NotBlank String adminRole) {
}
