package dev.sluice.policy.identity;

import dev.sluice.policy.admission.Caller;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.util.Set;

/** A plaintext API key: hashed, looked up, then checked for status and expiry. */
final class ApiKeyAuthenticator {

    private final KeyDirectory keys;
    private final Clock clock;

    ApiKeyAuthenticator(KeyDirectory keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    Mono<Authentication> authenticate(String plaintext) {
        return keys.findByHash(ApiKeys.hash(plaintext))
                .map(this::check)
                .defaultIfEmpty(new Authentication.Unauthenticated("Incorrect API key provided."));
    }

    private Authentication check(ApiKey key) {
        if (key.status() == KeyStatus.REVOKED) {
            return new Authentication.Unauthenticated("This API key has been revoked.");
        }
        if (!key.usableAt(clock.instant())) {
            return new Authentication.Unauthenticated("This API key has expired.");
        }
        Caller caller = new Caller(key.tenant(), key.team(), key.user(), key.id(), Set.of());
        return new Authentication.Authenticated(caller, key.allowedModels());
    }
}
