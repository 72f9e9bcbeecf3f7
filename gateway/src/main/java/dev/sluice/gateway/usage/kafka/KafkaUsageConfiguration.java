package dev.sluice.gateway.usage.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the {@link KafkaUsageSink} when {@code sluice.usage.kafka.bootstrap-servers} is set; the gateway's
 * logging sink is registered only when no other {@code UsageSink} exists. Closed (flushed) on context shutdown.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sluice.usage.kafka", name = "bootstrap-servers")
@EnableConfigurationProperties(KafkaUsageProperties.class)
class KafkaUsageConfiguration {

    @Bean(destroyMethod = "close")
    KafkaUsageSink kafkaUsageSink(KafkaUsageProperties properties, MeterRegistry meters) {
        return KafkaUsageSink.start(properties, meters);
    }

    @Bean
    KafkaReadiness kafkaReadiness(KafkaUsageSink sink) {
        return new KafkaReadiness(sink);
    }
}
