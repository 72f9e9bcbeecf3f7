package dev.sluice.policy.identity;

import reactor.core.publisher.Mono;

/** Finds a stored API key by the SHA-256 hash of its plaintext; empty when unknown. */
@FunctionalInterface
public interface KeyDirectory {

    Mono<ApiKey> findByHash(String hash);
}
