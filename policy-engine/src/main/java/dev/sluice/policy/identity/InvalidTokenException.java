package dev.sluice.policy.identity;

/** A JWT that does not verify: malformed, wrong signature, unknown key, wrong issuer or audience, expired, not yet valid. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
