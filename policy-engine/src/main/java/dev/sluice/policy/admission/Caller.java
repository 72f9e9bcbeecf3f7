package dev.sluice.policy.admission;

import org.jspecify.annotations.Nullable;

import java.util.Set;

/** Who is calling, as established by an API key or a JWT. */
public record Caller(String tenant, @Nullable String team, @Nullable String user, @Nullable String keyId, Set<String> roles) {

    public static final Caller ANONYMOUS = new Caller("anonymous", null, null, null, Set.of());

    public Caller {
        roles = Set.copyOf(roles);
    }
}
