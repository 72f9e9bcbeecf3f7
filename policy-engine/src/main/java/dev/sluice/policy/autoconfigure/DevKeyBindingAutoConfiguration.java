package dev.sluice.policy.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import java.net.InetAddress;

/**
 * While the well-known development key is accepted, the server listens on 127.0.0.1 only (overriding
 * {@code server.address}), unless {@code sluice.policy.dev-key-any-interface=true}.
 */
@AutoConfiguration
@ConditionalOnClass(WebServerFactoryCustomizer.class)
@EnableConfigurationProperties(PolicyProperties.class)
public class DevKeyBindingAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevKeyBindingAutoConfiguration.class);
    private static final InetAddress LOOPBACK = loopback();

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Bean
    static WebServerFactoryCustomizer<ConfigurableWebServerFactory> sluiceDevKeyLoopbackOnly(Environment environment) {
        // bound here rather than injected: web server customizers are created before ordinary beans
        return new LoopbackCustomizer(Binder.get(environment).bindOrCreate("sluice.policy", PolicyProperties.class));
    }

    /** Runs after Boot's own customizer, which applies {@code server.address}. */
    record LoopbackCustomizer(PolicyProperties properties)
            implements WebServerFactoryCustomizer<ConfigurableWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableWebServerFactory factory) {
            if (properties.devKeyActive() && !properties.devKeyAnyInterface()) {
                log.warn("The development key is active: listening on 127.0.0.1 only "
                        + "(set sluice.policy.dev-key-any-interface=true to change that).");
                factory.setAddress(LOOPBACK);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
