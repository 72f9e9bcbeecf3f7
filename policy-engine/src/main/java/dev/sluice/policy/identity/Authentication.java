package dev.sluice.policy.identity;

import dev.sluice.policy.admission.Caller;

import java.util.Set;

/** The outcome of checking a credential. */
public sealed interface Authentication {

    /** @param allowedModels the credential's own model list; empty = no restriction of its own */
    record Authenticated(Caller caller, Set<String> allowedModels) implements Authentication {
        public Authenticated {
            allowedModels = Set.copyOf(allowedModels);
        }
    }

    /** Missing, unknown, expired, revoked or invalid: 401. */
    record Unauthenticated(String message) implements Authentication {
    }
}
