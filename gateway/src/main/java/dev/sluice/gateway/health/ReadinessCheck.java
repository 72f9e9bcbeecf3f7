package dev.sluice.gateway.health;

import reactor.core.publisher.Mono;

/** One dependency's state, for {@code GET /health/ready}. Implement it as a bean to be listed there. */
public interface ReadinessCheck {

    /** The dependency's name as shown, e.g. {@code redis}, {@code kafka}. */
    String name();

    /** Its state now; must answer quickly (the handler allows {@link HealthHandler#CHECK_TIMEOUT}). */
    Mono<DependencyState> check();

    /**
     * @param status {@code UP}, {@code DEGRADED} (working with reduced guarantees, still ready) or {@code DOWN}
     * @param detail what an operator needs to know
     */
    record DependencyState(String status, String detail) {

        public static DependencyState up(String detail) {
            return new DependencyState("UP", detail);
        }

        public static DependencyState degraded(String detail) {
            return new DependencyState("DEGRADED", detail);
        }

        public static DependencyState down(String detail) {
            return new DependencyState("DOWN", detail);
        }
    }
}
