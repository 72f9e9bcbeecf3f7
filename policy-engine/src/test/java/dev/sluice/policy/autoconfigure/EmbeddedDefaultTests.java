package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.admission.AdmissionCheck;
import dev.sluice.policy.admission.AdmissionRequest;
import dev.sluice.policy.admission.Verdict;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/** No Redis, no Postgres: keys and policies from YAML, buckets in memory, the development key on loopback only. */
class EmbeddedDefaultTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PolicyStoreAutoConfiguration.class,
                    PolicyBucketsAutoConfiguration.class, PolicyAdmissionAutoConfiguration.class,
                    DevKeyBindingAutoConfiguration.class));

    private static Verdict admit(AdmissionCheck check, String key) {
        return check.admit(new AdmissionRequest("Bearer " + key, "gpt-4o-mini", 5, 5L, 10, BigDecimal.ZERO))
                .block(Duration.ofSeconds(5));
    }

    @Test
    void theDevelopmentKeyWorksAndYamlPoliciesLimitInMemory() {
        runner.withPropertyValues(
                        "sluice.policy.keys[0].id=yaml-key", "sluice.policy.keys[0].key=sk-sluice-yaml-test",
                        "sluice.policy.keys[0].tenant=yaml",
                        "sluice.policy.policies[0].id=yaml-rpm", "sluice.policy.policies[0].scope=key",
                        "sluice.policy.policies[0].subject=yaml-key", "sluice.policy.policies[0].tenant=yaml",
                        "sluice.policy.policies[0].limits.requests-per-minute=1")
                .run(context -> {
                    AdmissionCheck check = context.getBean(AdmissionCheck.class);
                    Verdict dev = admit(check, DevKey.PLAINTEXT);
                    assertThat(dev).isInstanceOf(Verdict.Admit.class);
                    assertThat(((Verdict.Admit) dev).caller().tenant()).isEqualTo(DevKey.TENANT);
                    assertThat(admit(check, "sk-sluice-yaml-test")).isInstanceOf(Verdict.Admit.class);
                    assertThat(admit(check, "sk-sluice-yaml-test")).isInstanceOf(Verdict.Reject.class);
                    assertThat(admit(check, "sk-sluice-wrong")).isInstanceOf(Verdict.Reject.class);
                });
    }

    @Test
    @SuppressWarnings("unchecked")
    void whileTheDevelopmentKeyIsActiveTheServerBindsToLoopbackUnlessToldOtherwise() {
        runner.run(context -> {
            ConfigurableWebServerFactory factory = mock(ConfigurableWebServerFactory.class);
            context.getBean(WebServerFactoryCustomizer.class).customize(factory);
            verify(factory).setAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        });
        runner.withPropertyValues("sluice.policy.dev-key-any-interface=true").run(context -> {
            ConfigurableWebServerFactory factory = mock(ConfigurableWebServerFactory.class);
            context.getBean(WebServerFactoryCustomizer.class).customize(factory);
            verify(factory, never()).setAddress(org.mockito.ArgumentMatchers.any());
        });
        runner.withPropertyValues("sluice.policy.dev-key-enabled=false").run(context -> {
            AdmissionCheck check = context.getBean(AdmissionCheck.class);
            assertThat(admit(check, DevKey.PLAINTEXT)).isInstanceOf(Verdict.Reject.class);
            ConfigurableWebServerFactory factory = mock(ConfigurableWebServerFactory.class);
            context.getBean(WebServerFactoryCustomizer.class).customize(factory);
            verify(factory, never()).setAddress(org.mockito.ArgumentMatchers.any());
        });
    }
}
