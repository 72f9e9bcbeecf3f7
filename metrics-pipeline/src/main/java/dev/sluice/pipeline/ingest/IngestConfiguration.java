package dev.sluice.pipeline.ingest;

import dev.sluice.pipeline.store.UsageEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    IngestRunner ingestRunner(IngestProperties properties, UsageEventStore store, MeterRegistry meters, Clock clock) {
        return new IngestRunner(properties, store, meters, clock);
    }

    /** {@code /actuator/health} component {@code ingest}: down when a consumer thread has died. */
    @Bean
    HealthIndicator ingestHealthIndicator(IngestRunner runner) {
        return () -> runner.healthy() ? Health.up().build() : Health.down().withDetail("reason", "a consumer thread is not running").build();
    }
}
