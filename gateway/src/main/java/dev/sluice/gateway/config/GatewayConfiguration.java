package dev.sluice.gateway.config;

import dev.sluice.gateway.admission.AdmissionGate;
import dev.sluice.gateway.provider.ModelRouter;
import dev.sluice.gateway.provider.ProviderAdapters;
import dev.sluice.gateway.usage.LoggingUsageSink;
import dev.sluice.gateway.usage.TokenCounter;
import dev.sluice.gateway.usage.UsageRecorder;
import dev.sluice.gateway.usage.UsageSink;
import dev.sluice.policy.admission.AdmissionCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's core beans: providers and routes, admission, usage recording. Properties are bound explicitly, not
 * scanned: a feature's properties (e.g. {@code sluice.usage.kafka}) are bound only when the feature is on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SluiceProperties.class)
public class GatewayConfiguration {

    @Bean
    PriceTable priceTable(SluiceProperties properties) {
        return PriceTable.load(properties.prices());
    }

    @Bean
    ModelRouter modelRouter(SluiceProperties properties, PriceTable prices) {
        return new ModelRouter(properties, ProviderAdapters.create(properties), prices);
    }

    @Bean
    TokenCounter tokenCounter() {
        return new TokenCounter();
    }

    /** Usage goes to the one {@link UsageSink} bean (e.g. Kafka's) when there is one, else to the log. */
    @Bean
    UsageRecorder usageRecorder(ObjectProvider<UsageSink> sink, TokenCounter tokenCounter, MeterRegistry meters) {
        return new UsageRecorder(sink.getIfAvailable(LoggingUsageSink::new), tokenCounter, meters);
    }

    /** The policy engine's check when it is configured; otherwise every request is admitted anonymously. */
    @Bean
    AdmissionGate admissionGate(ObjectProvider<AdmissionCheck> check) {
        return new AdmissionGate(check.getIfAvailable(AdmissionCheck::allowAll));
    }
}
