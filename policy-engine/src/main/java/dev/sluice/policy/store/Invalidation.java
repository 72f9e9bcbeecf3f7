package dev.sluice.policy.store;

import dev.sluice.policy.rules.PolicyTarget;

/** Messages on the invalidation channel: {@code key:<hash>}, {@code policy:<SCOPE>:<name>}, {@code *}. */
public final class Invalidation {

    public static final String ALL = "*";

    private Invalidation() {
    }

    public static String key(String hash) {
        return "key:" + hash;
    }

    public static String policy(PolicyTarget target) {
        return "policy:" + target;
    }
}
