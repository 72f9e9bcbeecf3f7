package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.identity.ApiKeys;

import dev.sluice.policy.admin.AdminRoutes;
import dev.sluice.policy.identity.JwtVerifier;
import dev.sluice.policy.store.Invalidations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.time.Clock;

/** The admin API under {@code /admin/v1}, in a reactive web application with Postgres configured. */
@AutoConfiguration(after = PolicyAdmissionAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(prefix = "sluice.policy.admin", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyAdminAutoConfiguration {

    @Bean
    @ConditionalOnBean(PolicyDatabase.class)
    RouterFunction<ServerResponse> sluicePolicyAdminRoutes(PolicyProperties properties, PolicyDatabase database,
                                                          Invalidations invalidations, ObjectProvider<JwtVerifier> jwt) {
        ApiKeys.seedRandom(); // at start-up, not on the first key creation's event loop
        return AdminRoutes.create(database.client(), database.schema(), invalidations, properties.admin().token(),
                jwt.getIfAvailable(), properties.jwt() == null ? "roles" : properties.jwt().claims().roles(),
                properties.admin().role(), Clock.systemUTC(), properties.defaultOutputTokens());
    }
}
