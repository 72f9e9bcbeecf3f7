package dev.sluice.gateway.admission;

import dev.sluice.gateway.SluiceGatewayApplication;
import dev.sluice.gateway.testing.CapturingUsageSink;
import dev.sluice.gateway.testing.FakeUpstreams;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.UsageEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances sharing one real Redis and one real Postgres: a key created through the admin API on one is
 * limited, billed and blocked across both, exactly as its policies say.
 */
class TwoInstancesIntegrationTests {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final String REDIS_URL = env("SLUICE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
    static final String POSTGRES_URL = env("SLUICE_TEST_POSTGRES_URL", "r2dbc:postgresql://127.0.0.1:5432/test");
    static final String SCHEMA = "gw_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    static final String PREFIX = "sluice-it-" + UUID.randomUUID();

    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        first = start();
        second = start();
    }

    @AfterAll
    static void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    static ConfigurableApplicationContext start() {
        Map<String, Object> properties = new HashMap<>(FakeUpstreams.properties());
        properties.put("server.port", "0");
        properties.put("sluice.policy.redis-url", REDIS_URL);
        properties.put("sluice.policy.postgres-url", POSTGRES_URL);
        properties.put("sluice.policy.postgres-username", env("SLUICE_TEST_POSTGRES_USER", "postgres"));
        properties.put("sluice.policy.postgres-schema", SCHEMA);
        properties.put("sluice.policy.redis-key-prefix", PREFIX);
        properties.put("sluice.policy.admin.token", ADMIN_TOKEN);
        properties.put("sluice.policy.spend-flush-interval", "200ms");
        String[] arguments = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(SluiceGatewayApplication.class)
                .initializers(context -> ((GenericApplicationContext) context)
                        .registerBean(CapturingUsageSink.class, CapturingUsageSink::new))
                .run(arguments);
    }

    static String baseUrl(ConfigurableApplicationContext context) {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static WebTestClient admin(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl(baseUrl(context)).responseTimeout(Duration.ofSeconds(10))
                .defaultHeader("Authorization", "Bearer " + ADMIN_TOKEN).build();
    }

    static JsonNode post(ConfigurableApplicationContext context, String path, String json) {
        return admin(context).post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(json)
                .exchange().expectStatus().is2xxSuccessful()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** A new key of a new tenant with one KEY policy, created through the first instance's admin API. */
    static String keyWithPolicy(String limits) {
        String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        post(first, "/admin/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Tenant " + tenant + "\"}");
        JsonNode key = post(first, "/admin/v1/keys", "{\"tenantId\":\"" + tenant + "\"}");
        post(first, "/admin/v1/policies", "{\"scope\":\"KEY\",\"subject\":\"" + key.path("id").asString()
                + "\",\"tenantId\":\"" + tenant + "\",\"limits\":" + limits + "}");
        assertThat(key.path("key").asString()).startsWith("sk-sluice-");
        return key.path("key").asString();
    }

    /** Sends {@code count} chat requests, alternating between the instances, all at once; returns their statuses. */
    static List<Integer> fire(String key, int count, String requestIdPrefix) {
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
                .headers(h -> h.set("content-type", "application/json").set("authorization", "Bearer " + key));
        String body = "{\"model\":\"gpt-test\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        return Flux.range(0, count)
                .flatMap(i -> http.headers(h -> h.set("x-request-id", requestIdPrefix + i))
                        .post().uri(baseUrl(i % 2 == 0 ? first : second) + "/v1/chat/completions")
                        .send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(body)))
                        .responseSingle((response, content) -> content.then(
                                reactor.core.publisher.Mono.just(response.status().code()))), count)
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    @Test
    void readinessNamesRedisAndPostgres() {
        admin(second).get().uri("/health/ready").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.dependencies.redis.status").isEqualTo("UP")
                .jsonPath("$.dependencies.postgres.status").isEqualTo("UP");
    }

    @Test
    void requestsPerMinuteHoldAcrossBothInstances() {
        String key = keyWithPolicy("{\"requestsPerMinute\":7}");

        List<Integer> statuses = fire(key, 20, "rpm-");

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(7);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(13);
    }

    @Test
    void aStrictDailyBudgetIsNeverOvershotByConcurrentRequests() {
        BigDecimal budget = new BigDecimal("0.00005");
        String key = keyWithPolicy("{\"budgetDayUsd\":" + budget.toPlainString() + ",\"enforcement\":\"STRICT\"}");

        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            statuses.addAll(fire(key, 10, "budget-" + round + "-"));
        }

        List<UsageEvent> billed = new ArrayList<>();
        for (ConfigurableApplicationContext context : List.of(first, second)) {
            billed.addAll(context.getBean(CapturingUsageSink.class).events().stream()
                    .filter(e -> e.requestId().startsWith("budget-") && e.outcome() == Outcome.COMPLETED).toList());
        }
        BigDecimal spent = billed.stream().map(UsageEvent::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).isNotEmpty();
        assertThat(statuses).contains(429);
        assertThat(spent).isLessThanOrEqualTo(budget);
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(billed.size());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
