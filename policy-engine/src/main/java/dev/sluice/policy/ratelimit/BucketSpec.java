package dev.sluice.policy.ratelimit;

import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * One bucket a request is counted in.
 *
 * @param tenant       the hash tag: every bucket of one request lives in the same Redis Cluster slot
 * @param name         unique within the tenant, e.g. {@code key:k1:rpm}, {@code tenant:usd-day:20250131}
 * @param limit        per window (rate), slots (concurrency), micro-USD (budget)
 * @param cost         what this request takes
 * @param windowMillis the refill window (rate) or the time left in the budget's day or month
 * @param durableKey   for budgets: the key of the durable spend it is rebuilt from; null otherwise
 */
public record BucketSpec(String tenant, String name, BucketKind kind, long limit, long cost, long windowMillis,
                         @Nullable String durableKey) {

    public BucketSpec {
        requireNonNull(tenant, "tenant");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        if (limit < 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("limit must be >= 0 and window > 0: " + name);
        }
    }
}
