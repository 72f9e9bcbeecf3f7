package dev.sluice.policy.ratelimit;

/** The shared bucket store cannot be reached and the failure mode is fail-closed. */
public final class BucketStoreUnavailableException extends RuntimeException {

    public BucketStoreUnavailableException(Throwable cause) {
        super("rate limit store unavailable: " + cause.getMessage(), cause);
    }
}
