package dev.sluice.policy.admin;

import dev.sluice.policy.admission.AdmissionCheck;
import dev.sluice.policy.admission.AdmissionRequest;
import dev.sluice.policy.admission.Verdict;
import dev.sluice.policy.support.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API through HTTP, and a key it creates limited, billed and blocked by the admission check. */
@SpringBootTest(classes = PolicyTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class AdminApiIntegrationTests {

    private static final String SCHEMA = TestServices.randomSchema();
    private static final String ADMIN = "admin-" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("sluice.policy.postgres-url", TestServices::postgresUrl);
        registry.add("sluice.policy.postgres-username", TestServices::postgresUser);
        registry.add("sluice.policy.postgres-password", TestServices::postgresPassword);
        registry.add("sluice.policy.postgres-schema", () -> SCHEMA);
        registry.add("sluice.policy.redis-url", TestServices::redisUrl);
        registry.add("sluice.policy.redis-key-prefix", TestServices::randomPrefix);
        registry.add("sluice.policy.admin.token", () -> ADMIN);
    }

    @AfterAll
    static void dropSchema() {
        TestServices.dropSchema(SCHEMA);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    AdmissionCheck admission;

    private WebTestClient admin() {
        return web.mutate().defaultHeader("Authorization", "Bearer " + ADMIN).responseTimeout(Duration.ofSeconds(10)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> post(String path, Object body, HttpStatus expected) {
        return admin().post().uri(path).bodyValue(body).exchange().expectStatus().isEqualTo(expected)
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private Verdict admit(String key, String model, Long maxTokens, String cost) {
        return admission.admit(new AdmissionRequest("Bearer " + key, model, 10, maxTokens, 100, new BigDecimal(cost)))
                .block(Duration.ofSeconds(5));
    }

    @Test
    void refusesRequestsWithoutTheAdminCredentialInOpenAiShape() {
        web.get().uri("/admin/v1/tenants").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.error.code").isEqualTo("invalid_api_key")
                .jsonPath("$.error.type").isEqualTo("invalid_request_error");
        web.get().uri("/admin/v1/tenants").header("Authorization", "Bearer wrong").exchange().expectStatus().isUnauthorized();
        web.get().uri("/admin/v1/openapi.yaml").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("/policies/{id}/evaluate"));
    }

    @Test
    void crudWithPagination() {
        for (String id : List.of("t-a", "t-b", "t-c")) {
            post("/admin/v1/tenants", Map.of("id", id, "name", "Tenant " + id), HttpStatus.CREATED);
        }
        post("/admin/v1/tenants", Map.of("id", "t-a", "name", "again"), HttpStatus.CONFLICT);
        post("/admin/v1/tenants", Map.of("id", "bad id{}", "name", "x"), HttpStatus.BAD_REQUEST);
        admin().get().uri("/admin/v1/tenants?limit=2&after=t-").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.data.length()").isEqualTo(2)
                .jsonPath("$.hasMore").isEqualTo(true)
                .jsonPath("$.nextAfter").isEqualTo("t-b");
        admin().get().uri("/admin/v1/tenants?limit=2&after=t-b").exchange().expectBody()
                .jsonPath("$.data[0].id").isEqualTo("t-c").jsonPath("$.hasMore").isEqualTo(false);
        admin().put().uri("/admin/v1/tenants/t-c").bodyValue(Map.of("name", "Renamed")).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Renamed");
        post("/admin/v1/teams", Map.of("id", "team-a", "tenantId", "t-a", "name", "Search"), HttpStatus.CREATED);
        post("/admin/v1/users", Map.of("id", "u-a", "tenantId", "t-a", "teamId", "team-a", "email", "a@example.com"),
                HttpStatus.CREATED);
        admin().get().uri("/admin/v1/users/u-a").exchange().expectBody().jsonPath("$.teamId").isEqualTo("team-a");
        admin().delete().uri("/admin/v1/tenants/t-c").exchange().expectStatus().isNoContent();
        admin().get().uri("/admin/v1/tenants/t-c").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("not_found");
    }

    @Test
    void aKeyCreatedHereIsLimitedBilledAndBlockedAsItsPoliciesSay() throws InterruptedException {
        post("/admin/v1/tenants", Map.of("id", "acme", "name", "Acme"), HttpStatus.CREATED);
        Map<String, Object> created = post("/admin/v1/keys", Map.of("tenantId", "acme", "allowedModels", List.of("gpt-4o")),
                HttpStatus.CREATED);
        String keyId = (String) created.get("id");
        String plaintext = (String) created.get("key");
        assertThat(plaintext).startsWith("sk-sluice-").hasSizeGreaterThan(50);
        assertThat(plaintext).startsWith((String) created.get("prefix"));
        admin().get().uri("/admin/v1/keys/" + keyId).exchange().expectBody()
                .jsonPath("$.key").doesNotExist().jsonPath("$.status").isEqualTo("ACTIVE");

        Map<String, Object> policy = post("/admin/v1/policies", Map.of("scope", "KEY", "subject", keyId, "tenantId", "acme",
                "limits", Map.of("requestsPerMinute", 2, "maxTokens", 1000, "budgetDayUsd", 1)), HttpStatus.CREATED);
        String policyId = (String) policy.get("id");

        assertThat(admit(plaintext, "gpt-4o", 10L, "0")).isInstanceOf(Verdict.Admit.class);
        assertThat(admit(plaintext, "other", 10L, "0")).as("key's model list").isInstanceOf(Verdict.Reject.class);
        assertThat(admit(plaintext, "gpt-4o", 10L, "0")).isInstanceOf(Verdict.Admit.class);
        assertThat(admit(plaintext, "gpt-4o", 10L, "0")).as("2 rpm").isInstanceOf(Verdict.Reject.class);

        // raising the limit reaches the cache at once (pub/sub), then the budget blocks
        admin().put().uri("/admin/v1/policies/" + policyId).bodyValue(Map.of("scope", "KEY", "subject", keyId,
                "tenantId", "acme", "limits", Map.of("requestsPerMinute", 100, "maxTokens", 1000, "budgetDayUsd", 1)))
                .exchange().expectStatus().isOk();
        Verdict.Admit costly = (Verdict.Admit) admit(plaintext, "gpt-4o", 10L, "0.9");
        costly.reservation().settle(100, new BigDecimal("0.95")).block(Duration.ofSeconds(5));
        Verdict blocked = admit(plaintext, "gpt-4o", 10L, "0.1");
        assertThat(blocked).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) blocked).code()).isEqualTo("insufficient_quota");

        admin().post().uri("/admin/v1/policies/" + policyId + "/evaluate")
                .bodyValue(Map.of("model", "gpt-4o", "promptTokens", 10, "maxTokens", 5000, "worstCaseCostUsd", 2))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.decision").isEqualTo("reject")
                .jsonPath("$.violations[0].rule").isEqualTo("max_tokens_exceeded")
                .jsonPath("$.violations[1].rule").isEqualTo("usd-day_exceeded");

        admin().delete().uri("/admin/v1/policies/" + policyId).exchange().expectStatus().isNoContent();
        assertThat(admit(plaintext, "gpt-4o", 10L, "0.1")).as("no policy, no budget").isInstanceOf(Verdict.Admit.class);
    }

    @Test
    void rotationKeepsTheOldKeyForTheGracePeriodAndRevocationIsImmediate() throws InterruptedException {
        post("/admin/v1/tenants", Map.of("id", "rot", "name", "Rotating"), HttpStatus.CREATED);
        Map<String, Object> first = post("/admin/v1/keys", Map.of("tenantId", "rot"), HttpStatus.CREATED);
        String oldKey = (String) first.get("key");
        assertThat(admit(oldKey, "m", 1L, "0")).isInstanceOf(Verdict.Admit.class); // cached now

        Map<String, Object> rotated = post("/admin/v1/keys/" + first.get("id") + "/rotate",
                Map.of("gracePeriodSeconds", 1), HttpStatus.CREATED);
        String newKey = (String) rotated.get("key");
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(admit(newKey, "m", 1L, "0")).isInstanceOf(Verdict.Admit.class);
        assertThat(admit(oldKey, "m", 1L, "0")).as("within grace").isInstanceOf(Verdict.Admit.class);
        Thread.sleep(1300);
        Verdict expired = admit(oldKey, "m", 1L, "0");
        assertThat(expired).isInstanceOf(Verdict.Reject.class);
        assertThat(((Verdict.Reject) expired).status()).isEqualTo(401);

        admin().put().uri("/admin/v1/keys/" + rotated.get("id")).bodyValue(Map.of("status", "REVOKED"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REVOKED");
        Verdict revoked = admit(newKey, "m", 1L, "0");
        assertThat(((Verdict.Reject) revoked).status()).isEqualTo(401);
    }
}
