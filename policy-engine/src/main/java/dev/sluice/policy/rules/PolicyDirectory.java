package dev.sluice.policy.rules;

import reactor.core.publisher.Mono;

import java.util.List;

/** The policies listed under one target. */
@FunctionalInterface
public interface PolicyDirectory {

    Mono<List<Policy>> policies(PolicyTarget target);
}
