package dev.sluice.gateway.health;

import dev.sluice.policy.autoconfigure.PolicyDatabase;
import dev.sluice.policy.autoconfigure.PolicyRedis;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** Readiness of the policy engine's Redis and Postgres (UP "not configured" on the embedded default). */
@Configuration(proxyBeanMethods = false)
public class DependencyReadiness {

    /** Redis holds the rate-limit buckets; down means fail-open (DEGRADED) or fail-closed admission (per policy). */
    @Bean
    ReadinessCheck redisReadiness(ObjectProvider<PolicyRedis> configured) {
        return check("redis", () -> configured.getIfAvailable() == null
                ? Mono.just(ReadinessCheck.DependencyState.up("not configured: in-memory buckets (embedded default)"))
                : configured.getObject().connection().reactive().ping()
                .map(pong -> ReadinessCheck.DependencyState.up("PING answered"))
                .onErrorResume(e -> Mono.just(ReadinessCheck.DependencyState.degraded(
                        "unreachable, admission runs on its failure mode: " + e.getMessage()))));
    }

    /** Postgres holds keys, policies and durable spend; down means serving from cache. */
    @Bean
    ReadinessCheck postgresReadiness(ObjectProvider<PolicyDatabase> configured) {
        return check("postgres", () -> configured.getIfAvailable() == null
                ? Mono.just(ReadinessCheck.DependencyState.up("not configured: keys and policies from YAML (embedded default)"))
                : configured.getObject().client().sql("SELECT 1").fetch().rowsUpdated()
                .map(rows -> ReadinessCheck.DependencyState.up("SELECT 1 answered"))
                .onErrorResume(e -> Mono.just(ReadinessCheck.DependencyState.degraded(
                        "unreachable, keys and policies served from cache: " + e.getMessage()))));
    }

    private static ReadinessCheck check(String name, java.util.function.Supplier<Mono<ReadinessCheck.DependencyState>> probe) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<DependencyState> check() {
                return Mono.defer(probe);
            }
        };
    }

}
