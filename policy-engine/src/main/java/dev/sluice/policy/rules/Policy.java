package dev.sluice.policy.rules;

import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * A set of limits attached to a key, team, tenant or model.
 *
 * @param id      stable identifier
 * @param scope   what it is attached to
 * @param subject the key id, team id, tenant id or model alias
 * @param tenant  the owning tenant; null only for a model policy that applies to every tenant
 */
public record Policy(String id, Scope scope, String subject, @Nullable String tenant, Limits limits) {

    public Policy {
        requireNonNull(id, "id");
        requireNonNull(scope, "scope");
        requireNonNull(subject, "subject");
        requireNonNull(limits, "limits");
        if (tenant == null && scope != Scope.MODEL) {
            throw new IllegalArgumentException("a " + scope + " policy needs a tenant");
        }
    }

    /** The cache and invalidation target this policy is listed under. */
    public PolicyTarget target() {
        return new PolicyTarget(scope, scope == Scope.MODEL ? subject : requireNonNull(tenant) + "/" + subject);
    }
}
