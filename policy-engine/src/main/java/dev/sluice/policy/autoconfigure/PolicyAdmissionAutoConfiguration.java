package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.admission.AdmissionCheck;
import dev.sluice.policy.admission.AdmissionChecks;
import dev.sluice.policy.admission.AdmissionSettings;
import dev.sluice.policy.admission.PolicyEvents;
import dev.sluice.policy.budget.SpendLedger;
import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.identity.Authenticator;
import dev.sluice.policy.identity.Authenticators;
import dev.sluice.policy.identity.JwtSettings;
import dev.sluice.policy.identity.JwtVerifier;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.store.CachedDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The {@link AdmissionCheck} the gateway calls once per request: identity, cached policies, buckets. */
@AutoConfiguration(after = PolicyBucketsAutoConfiguration.class)
@EnableConfigurationProperties(PolicyProperties.class)
public class PolicyAdmissionAutoConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "sluice.policy.jwt", name = "issuer")
    JwtVerifier sluiceJwtVerifier(PolicyProperties properties) {
        return JwtVerifier.create(jwtSettings(properties.jwt()));
    }

    static JwtSettings jwtSettings(PolicyProperties.Jwt jwt) {
        PolicyProperties.Claims c = jwt.claims();
        return new JwtSettings(jwt.issuer(), jwt.audience(), jwt.jwksUrl(), jwt.staticJwks(),
                new JwtSettings.ClaimMapping(c.tenant(), c.team(), c.user(), c.roles()),
                jwt.minRefreshInterval(), jwt.clockSkew());
    }

    @Bean
    @ConditionalOnMissingBean
    Authenticator sluiceAuthenticator(PolicyProperties properties, CachedDirectory directory,
                                      ObjectProvider<JwtVerifier> jwt) {
        PolicyProperties.Claims c = properties.jwt() == null ? null : properties.jwt().claims();
        return Authenticators.create(directory, jwt.getIfAvailable(),
                c == null ? null : new JwtSettings.ClaimMapping(c.tenant(), c.team(), c.user(), c.roles()),
                Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    PolicyEvents sluicePolicyEvents(ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        return (caller, policyId, budget) -> registry.counter("sluice.policy.budget.soft.exceeded", "budget", budget)
                .increment();
    }

    @Bean
    @ConditionalOnMissingBean
    AdmissionCheck sluiceAdmissionCheck(PolicyProperties properties, Authenticator authenticator,
                                        CachedDirectory directory, BucketStore buckets,
                                        ObjectProvider<SpendLedger> ledger, PolicyEvents events,
                                        ObjectProvider<MeterRegistry> meters) {
        SpendRecorder spend = ledger.getIfAvailable() != null ? ledger.getObject() : SpendRecorder.none();
        return AdmissionChecks.policyEngine(authenticator, directory, buckets, spend, events,
                new AdmissionSettings(properties.defaultOutputTokens(), properties.reservationHold()),
                Clock.systemUTC(), meters.getIfAvailable(() -> Metrics.globalRegistry));
    }
}
