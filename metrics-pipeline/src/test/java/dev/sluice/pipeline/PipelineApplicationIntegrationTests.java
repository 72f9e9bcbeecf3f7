package dev.sluice.pipeline;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.testsupport.KafkaTestBroker;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole application: Kafka topic → Postgres rollups → GET /v1/usage, with tenant scoping. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class PipelineApplicationIntegrationTests {

    private static final String ADMIN = "admin-token-for-tests-0123456789";
    private static final String SECRET = "jwt-secret-for-tests-0123456789abcdef";
    private static KafkaTestBroker broker;
    private static TestDatabase db;

    @Autowired
    WebTestClient http;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start(3);
        broker.createTopic(UsageEvent.TOPIC, 3);
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() {
        db.close();
        broker.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.pipeline.kafka.bootstrap-servers", broker::bootstrapServers);
        registry.add("sluice.pipeline.kafka.group-id", () -> "app-test");
        registry.add("sluice.pipeline.auth.admin-token", () -> ADMIN);
        registry.add("sluice.pipeline.auth.jwt-secret", () -> SECRET);
        registry.add("spring.r2dbc.url", db::r2dbcUrl);
        registry.add("spring.r2dbc.username", () -> db.user);
        registry.add("spring.r2dbc.password", () -> db.password);
        registry.add("spring.flyway.url", db::jdbcUrl);
        registry.add("spring.flyway.user", () -> db.user);
        registry.add("spring.flyway.password", () -> db.password);
        registry.add("spring.flyway.schemas", () -> db.schema);
        registry.add("spring.flyway.default-schema", () -> db.schema);
    }

    @Test
    void eventsOnTheTopicShowUpInTheUsageApiScopedToTheCallersTenant() throws Exception {
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 30; i++) {
                UsageEvent e = TestEvents.event(i < 20 ? "acme" : "globex", "gpt-4o", i == 0 ? 500 : 200, 100, 50, "0.25", now);
                producer.send(new ProducerRecord<>(UsageEvent.TOPIC, e.tenant(), UsageEventCodec.encode(e)))
                        .get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        String uri = "/v1/usage?start=" + today + "&end=" + tomorrow + "&group_by=day";

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<?, ?> adminView;
        do {
            Thread.sleep(200);
            adminView = http.get().uri(uri).header("Authorization", "Bearer " + ADMIN).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        } while (requests(adminView) < 30 && System.nanoTime() < deadline);
        assertThat(requests(adminView)).isEqualTo(30);

        Map<?, ?> acme = http.get().uri(uri).header("Authorization", "Bearer " + jwt("acme", List.of())).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(requests(acme)).isEqualTo(20);
        Map<?, ?> day = (Map<?, ?>) ((List<?>) acme.get("data")).getFirst();
        assertThat(day.get("errors")).isEqualTo(1);
        assertThat(day.get("prompt_tokens")).isEqualTo(2000);
        assertThat(day.get("cost_usd").toString()).startsWith("5.0");

        http.get().uri(uri + "&tenant=globex").header("Authorization", "Bearer " + jwt("acme", List.of())).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.code").isEqualTo("tenant_forbidden");
        Map<?, ?> globexByAdminRole = http.get().uri(uri + "&tenant=globex")
                .header("Authorization", "Bearer " + jwt("acme", List.of("admin"))).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(requests(globexByAdminRole)).isEqualTo(10);

        http.get().uri("/v1/usage/summary?start=" + today + "&end=" + tomorrow)
                .header("Authorization", "Bearer " + jwt("globex", List.of())).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.tenant").isEqualTo("globex")
                .jsonPath("$.total.requests").isEqualTo(10)
                .jsonPath("$.by_model[0].model").isEqualTo("gpt-4o");

        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http.get().uri(uri).exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key");
        http.get().uri(uri).header("Authorization", "Bearer " + jwtSignedWith("acme", "another-secret-0123456789abcdefghij"))
                .exchange().expectStatus().isUnauthorized();
        http.get().uri("/v1/usage?start=" + today + "&end=" + tomorrow + "&group_by=year")
                .header("Authorization", "Bearer " + ADMIN).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error.param").isEqualTo("group_by");
    }

    private static long requests(Map<?, ?> page) {
        return ((List<?>) page.get("data")).stream().mapToLong(d -> ((Number) ((Map<?, ?>) d).get("requests")).longValue()).sum();
    }

    private static String jwt(String tenant, List<String> roles) throws Exception {
        return sign(tenant, roles, SECRET);
    }

    private static String jwtSignedWith(String tenant, String secret) throws Exception {
        return sign(tenant, List.of(), secret);
    }

    private static String sign(String tenant, List<String> roles, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("user-1").claim("tenant", tenant).claim("roles", roles)
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }
}
