package dev.sluice.policy.identity;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An API key as stored: never the plaintext, only its SHA-256 hash and a short prefix for display.
 *
 * @param expiresAt     null = never; a rotated key gets the end of its grace period here
 * @param allowedModels empty = every model (policies may still restrict)
 */
public record ApiKey(String id, String tenant, @Nullable String team, @Nullable String user, String prefix, String hash,
                     KeyStatus status, @Nullable Instant expiresAt, Set<String> allowedModels,
                     Map<String, String> metadata) {

    public ApiKey {
        requireNonNull(id, "id");
        requireNonNull(tenant, "tenant");
        requireNonNull(prefix, "prefix");
        requireNonNull(hash, "hash");
        requireNonNull(status, "status");
        allowedModels = Set.copyOf(allowedModels);
        metadata = Map.copyOf(metadata);
    }

    public boolean usableAt(Instant now) {
        return status == KeyStatus.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
    }
}
