package dev.sluice.gateway.usage.kafka;

import dev.sluice.gateway.usage.UsageSink;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaUsageConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(KafkaUsageConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void noSinkWithoutBootstrapServers() {
        runner.run(context -> assertThat(context).doesNotHaveBean(UsageSink.class));
    }

    @Test
    void theKafkaSinkIsTheUsageSinkWhenBootstrapServersAreSet(@TempDir Path spill) {
        // Kafka need not be up: the sink starts, and spills, without it.
        runner.withPropertyValues("sluice.usage.kafka.bootstrap-servers=127.0.0.1:1",
                        "sluice.usage.kafka.spill-directory=" + spill, "sluice.usage.kafka.shutdown-timeout=100ms")
                .run(context -> {
                    assertThat(context).hasSingleBean(UsageSink.class);
                    assertThat(context.getBean(KafkaUsageSink.class).healthy()).isTrue();
                    assertThat(context.getBean(KafkaUsageProperties.class).topic()).isEqualTo("sluice.usage.v1");
                });
    }

    @Test
    void invalidPropertiesFailAtStartup(@TempDir Path spill) {
        runner.withPropertyValues("sluice.usage.kafka.bootstrap-servers=127.0.0.1:1",
                        "sluice.usage.kafka.spill-directory=" + spill, "sluice.usage.kafka.queue-capacity=0")
                .run(context -> assertThat(context).hasFailed());
    }
}
