package dev.sluice.gateway.api;

import dev.sluice.gateway.testing.GatewayIntegrationTest;
import dev.sluice.gateway.testing.FakeUpstreams;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.UsageEvent;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Embeddings (float and base64), the model list, health, readiness and the Prometheus endpoint. */
class EmbeddingsAndModelsIntegrationTests extends GatewayIntegrationTest {

    JsonNode embed(String model, String format, String requestId) {
        return client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .header("x-request-id", requestId)
                .bodyValue("{\"model\":\"" + model + "\",\"input\":[\"sluice\",\"gateway\"]"
                        + (format == null ? "" : ",\"encoding_format\":\"" + format + "\"") + "}")
                .exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Test
    void embeddingsInFloatAndBase64CarryTheSameVectors() {
        for (String model : new String[]{"embed-test", "gpt-4o-mini"}) {
            JsonNode floats = embed(model, "float", "req-embed-float-" + model);
            JsonNode base64 = embed(model, "base64", "req-embed-b64-" + model);

            assertThat(floats.path("object").asString()).isEqualTo("list");
            assertThat(floats.path("data")).hasSize(2);
            JsonNode vector = floats.path("data").path(1).path("embedding");
            float[] decoded = decode(base64.path("data").path(1).path("embedding").asString());
            assertThat(decoded).hasSize(vector.size());
            for (int i = 0; i < decoded.length; i++) {
                assertThat(decoded[i]).isEqualTo(vector.path(i).floatValue());
            }
            UsageEvent event = usage.awaitRequest("req-embed-float-" + model);
            assertThat(event.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(event.usage().promptTokens()).isEqualTo(floats.path("usage").path("prompt_tokens").asLong());
        }
    }

    @Test
    void embeddingsRejectBadInputAndAnthropicModels() {
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"embed-test\"}").exchange().expectStatus().isEqualTo(400)
                .expectBody().jsonPath("$.error.param").isEqualTo("input");
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"embed-test\",\"input\":\"x\",\"encoding_format\":\"int8\"}").exchange()
                .expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.param").isEqualTo("encoding_format");
        client.post().uri("/v1/embeddings").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"claude-test\",\"input\":\"x\"}").exchange()
                .expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.code").isEqualTo("model_not_supported");
    }

    @Test
    void listsAndGetsTheConfiguredAliases() {
        JsonNode list = client.get().uri("/v1/models").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(list.path("object").asString()).isEqualTo("list");
        assertThat(list.path("data").findValuesAsString("id")).contains("gpt-test", "claude-test", "gpt-4o-mini");

        client.get().uri("/v1/models/claude-test").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo("claude-test")
                .jsonPath("$.object").isEqualTo("model")
                .jsonPath("$.owned_by").isEqualTo("fake-anthropic");
        client.get().uri("/v1/models/nope").exchange().expectStatus().isEqualTo(404)
                .expectBody().jsonPath("$.error.code").isEqualTo("model_not_found");
    }

    @Test
    void healthReadinessAndPrometheus() {
        client.get().uri("/health").exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/health/ready").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.providers.fake-openai").isEqualTo("configured")
                .jsonPath("$.dependencies.redis.status").isEqualTo("UP")
                .jsonPath("$.dependencies.redis.detail").value(detail -> assertThat((String) detail).contains("not configured"));
        embed("embed-test", null, "req-before-metrics");
        String metrics = client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("sluice_requests_seconds_count").contains("model=\"embed-test\"");
    }

    private static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] floats = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(floats);
        return floats;
    }
}
