package dev.sluice.gateway.usage.kafka;

import dev.sluice.gateway.health.ReadinessCheck;
import reactor.core.publisher.Mono;

/** The Kafka usage sink's state on {@code /health/ready}: spilling to disk is DEGRADED (nothing lost), stopped is DOWN. */
final class KafkaReadiness implements ReadinessCheck {

    private final KafkaUsageSink sink;

    KafkaReadiness(KafkaUsageSink sink) {
        this.sink = sink;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Mono<DependencyState> check() {
        return Mono.fromSupplier(() -> switch (sink.delivery()) {
            case DIRECT -> DependencyState.up("usage events delivered to Kafka");
            case SPILLING -> DependencyState.degraded("Kafka unreachable or slow: usage events spill to the local journal");
            case STOPPED -> DependencyState.down("usage sender stopped");
        });
    }
}
