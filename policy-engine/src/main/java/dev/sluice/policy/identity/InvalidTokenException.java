package dev.sluice.policy.identity;

import org.jspecify.annotations.Nullable;

/** A JWT that does not verify: malformed, wrong signature, unknown key, wrong issuer or audience, expired, not yet valid. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
