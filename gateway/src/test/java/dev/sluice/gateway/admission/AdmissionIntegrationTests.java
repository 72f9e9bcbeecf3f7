package dev.sluice.gateway.admission;

import dev.sluice.gateway.testing.CapturingUsageSink;
import dev.sluice.gateway.testing.FakeUpstreams;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.UsageEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The policy engine inside the gateway on its embedded default (YAML keys and policies, in-memory buckets): who may
 * call, OpenAI's rate-limit headers, 429 with Retry-After, and the caller on every usage event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(AdmissionIntegrationTests.Usage.class)
class AdmissionIntegrationTests {

    static final String LIMITED_KEY = "sk-sluice-limited-test-key-0001";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        FakeUpstreams.register(registry);
        registry.add("sluice.policy.keys[0].id", () -> "limited");
        registry.add("sluice.policy.keys[0].key", () -> LIMITED_KEY);
        registry.add("sluice.policy.keys[0].tenant", () -> "acme");
        registry.add("sluice.policy.keys[0].team", () -> "search");
        registry.add("sluice.policy.keys[0].allowed-models[0]", () -> "gpt-test");
        registry.add("sluice.policy.policies[0].id", () -> "limited-rpm");
        registry.add("sluice.policy.policies[0].scope", () -> "key");
        registry.add("sluice.policy.policies[0].subject", () -> "limited");
        registry.add("sluice.policy.policies[0].tenant", () -> "acme");
        registry.add("sluice.policy.policies[0].limits.requests-per-minute", () -> "3");
        registry.add("sluice.policy.policies[0].limits.tokens-per-minute", () -> "1000000");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Usage {
        @Bean
        CapturingUsageSink capturingUsageSink() {
            return new CapturingUsageSink();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CapturingUsageSink usage;

    WebTestClient client;

    @BeforeEach
    void client() {
        client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    WebTestClient.ResponseSpec chat(String authorization, String model, String requestId) {
        var request = client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .header("x-request-id", requestId);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.bodyValue("{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange();
    }

    @Test
    void missingOrUnknownCredentialsGet401InOpenAiShape() {
        chat(null, "gpt-test", "req-no-key").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key")
                .jsonPath("$.error.message").isNotEmpty();
        chat("Bearer sk-sluice-nope", "gpt-test", "req-bad-key").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error");

        UsageEvent event = usage.awaitRequest("req-no-key");
        assertThat(event.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(event.httpStatus()).isEqualTo(401);
    }

    @Test
    void aKeyAskingForAModelItMayNotUseGets403() {
        chat("Bearer " + LIMITED_KEY, "claude-test", "req-forbidden").expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.type").isEqualTo("permission_error");
    }

    @Test
    void theKeysRequestsPerMinuteHoldWithOpenAiHeadersThenA429WithRetryAfter() {
        for (int i = 1; i <= 3; i++) {
            chat("Bearer " + LIMITED_KEY, "gpt-test", "req-limited-" + i).expectStatus().isOk()
                    .expectHeader().valueEquals("x-ratelimit-limit-requests", "3")
                    .expectHeader().valueEquals("x-ratelimit-remaining-requests", Integer.toString(3 - i))
                    .expectHeader().exists("x-ratelimit-reset-requests")
                    .expectHeader().exists("x-ratelimit-limit-tokens");
        }
        var rejected = chat("Bearer " + LIMITED_KEY, "gpt-test", "req-limited-4").expectStatus().isEqualTo(429)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.error.type").isEqualTo("rate_limit_error")
                .returnResult();
        assertThat(Long.parseLong(rejected.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 60L);

        UsageEvent admitted = usage.awaitRequest("req-limited-1");
        assertThat(admitted.tenant()).isEqualTo("acme");
        assertThat(admitted.team()).isEqualTo("search");
        assertThat(admitted.keyId()).isEqualTo("limited");
        assertThat(admitted.costUsd()).isPositive();
        UsageEvent refused = usage.awaitRequest("req-limited-4");
        assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(refused.httpStatus()).isEqualTo(429);
        assertThat(refused.errorCode()).isNotBlank();
    }

    @Test
    void theDevelopmentKeyWorksOnTheEmbeddedDefault() {
        chat("Bearer sk-sluice-dev-00000000000000000000000000000000", "gpt-4o-mini", "req-dev").expectStatus().isOk();
        assertThat(usage.awaitRequest("req-dev").tenant()).isEqualTo("dev");
    }
}
