package dev.sluice.policy.store;

import dev.sluice.policy.identity.ApiKey;
import dev.sluice.policy.identity.KeyDirectory;
import dev.sluice.policy.rules.Policy;
import dev.sluice.policy.rules.PolicyDirectory;
import dev.sluice.policy.rules.PolicyTarget;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keys and policies given once (the YAML configuration of the embedded default). */
final class StaticDirectory implements KeyDirectory, PolicyDirectory {

    private final Map<String, ApiKey> keysByHash;
    private final Map<PolicyTarget, List<Policy>> policies;

    StaticDirectory(List<ApiKey> keys, List<Policy> policies) {
        this.keysByHash = keys.stream().collect(Collectors.toUnmodifiableMap(ApiKey::hash, Function.identity()));
        this.policies = policies.stream().collect(Collectors.groupingBy(Policy::target, Collectors.toUnmodifiableList()));
    }

    @Override
    public Mono<ApiKey> findByHash(String hash) {
        return Mono.justOrEmpty(keysByHash.get(hash));
    }

    @Override
    public Mono<List<Policy>> policies(PolicyTarget target) {
        return Mono.just(policies.getOrDefault(target, List.of()));
    }
}
