package dev.sluice.gateway.testing;

import dev.sluice.policy.autoconfigure.DevKey;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

/**
 * Base of the gateway's integration tests: the whole application on a random port, routed to the fake upstream
 * ({@link FakeUpstreams}), with a {@link CapturingUsageSink}. One Spring context serves every subclass.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(GatewayIntegrationTest.Usage.class)
public abstract class GatewayIntegrationTest {

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        FakeUpstreams.register(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Usage {
        @Bean
        CapturingUsageSink capturingUsageSink() {
            return new CapturingUsageSink();
        }
    }

    /** The embedded default's development key (the policy engine's YAML configuration). */
    public static final String DEV_KEY = DevKey.PLAINTEXT;

    @LocalServerPort
    protected int port;

    @Autowired
    protected CapturingUsageSink usage;

    protected WebTestClient client;

    @BeforeEach
    void webTestClient() {
        client = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(20))
                .defaultHeader("Authorization", "Bearer " + DEV_KEY).build();
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
