package dev.sluice.e2e;

import dev.sluice.testsupport.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole usage path with the shipped jars: gateway (Kafka usage sink) → real Kafka broker → metrics pipeline →
 * Postgres → {@code GET /v1/usage/summary}. Requests served while Kafka is down, and events in flight when the pipeline
 * is killed, all arrive exactly once, priced at the model's price.
 */
class UsageEndToEndIntegrationTests {

    static final String DEV_KEY = "sk-sluice-dev-00000000000000000000000000000000";
    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
    static final String SCHEMA = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    /** gpt-4o-mini in the shipped price table: dollars per million input and output tokens. */
    static final BigDecimal INPUT_PRICE = new BigDecimal("0.15");
    static final BigDecimal OUTPUT_PRICE = new BigDecimal("0.60");

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static KafkaTestBroker kafka;
    static ServiceProcess pipeline;
    static ServiceProcess gateway;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestBroker.start(3);
        kafka.createTopic("sluice.usage.v1", 3);
        kafka.createTopic("sluice.usage.v1.dlq", 1);
        pipeline = pipeline().start();
        Path spill = Files.createTempDirectory("sluice-e2e-spill");
        gateway = ServiceProcess.java("gateway", ServiceProcess.executableJar("gateway", "sluice-gateway-exec.jar"),
                Map.of(), List.of(
                        "--sluice.usage.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--sluice.usage.kafka.spill-directory=" + spill,
                        "--sluice.usage.kafka.spill-after=500ms",
                        "--sluice.usage.kafka.delivery-timeout=10s",
                        "--sluice.providers.mock.mock.time-to-first-token=0ms",
                        "--sluice.providers.mock.mock.inter-token-delay=0ms")).start();
    }

    static ServiceProcess pipeline() throws IOException {
        String postgres = System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_HOSTPORT", "127.0.0.1:5432");
        return ServiceProcess.java("pipeline",
                ServiceProcess.executableJar("metrics-pipeline", "sluice-metrics-pipeline-exec.jar"),
                Map.of("SLUICE_PIPELINE_R2DBC_URL", "r2dbc:postgresql://" + postgres + "/test?schema=" + SCHEMA,
                        "SLUICE_PIPELINE_JDBC_URL", "jdbc:postgresql://" + postgres + "/test",
                        "SLUICE_PIPELINE_DB_SCHEMA", SCHEMA,
                        "SLUICE_PIPELINE_DB_USER", System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "postgres"),
                        "SLUICE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                        "SLUICE_PIPELINE_ADMIN_TOKEN", ADMIN_TOKEN,
                        "SLUICE_PIPELINE_JWT_SECRET", "e2e-jwt-secret-0123456789abcdef0123456789"),
                List.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyRequestIsCountedOnceAndPricedAcrossAKafkaOutageAndAPipelineCrash() throws Exception {
        Totals served = new Totals();

        served.add(chat(10, "before"));

        kafka.stop();
        served.add(chat(15, "kafka-down"));
        kafka.start();

        served.add(chat(10, "before-crash"));
        pipeline.crash();
        served.add(chat(10, "pipeline-down"));
        pipeline = pipeline().start();

        JsonNode total = awaitSummary(served.requests);
        assertThat(total.path("requests").asLong()).isEqualTo(served.requests);
        assertThat(total.path("errors").asLong()).isZero();
        assertThat(total.path("prompt_tokens").asLong()).isEqualTo(served.promptTokens);
        assertThat(total.path("completion_tokens").asLong()).isEqualTo(served.completionTokens);
        assertThat(new BigDecimal(total.path("cost_usd").asString())).isEqualByComparingTo(served.cost());
    }

    /** Sends {@code count} non-streaming chat completions; each must succeed whatever Kafka and the pipeline do. */
    static Totals chat(int count, String phase) throws IOException, InterruptedException {
        Totals totals = new Totals();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                    .header("Authorization", "Bearer " + DEV_KEY).header("Content-Type", "application/json")
                    .header("x-request-id", phase + "-" + i)
                    .timeout(Duration.ofSeconds(20))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Count me once, request " + phase + " " + i + "\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(phase + " " + i + ": " + response.body()).isEqualTo(200);
            JsonNode usage = JsonMapper.shared().readTree(response.body()).path("usage");
            totals.requests++;
            totals.promptTokens += usage.path("prompt_tokens").asLong();
            totals.completionTokens += usage.path("completion_tokens").asLong();
        }
        return totals;
    }

    static JsonNode awaitSummary(long expectedRequests) throws IOException, InterruptedException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        URI uri = URI.create(pipeline.baseUrl() + "/v1/usage/summary?start=" + today.minusDays(1) + "&end=" + today.plusDays(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonNode total = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            total = JsonMapper.shared().readTree(response.body()).path("total");
            if (total.path("requests").asLong() >= expectedRequests) {
                Thread.sleep(2000); // and nothing more arrives: a duplicate would show now
                return JsonMapper.shared().readTree(HTTP.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("total");
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the pipeline counted " + total + " after 120 s, expected " + expectedRequests + " requests");
    }

    static final class Totals {
        long requests;
        long promptTokens;
        long completionTokens;

        void add(Totals other) {
            requests += other.requests;
            promptTokens += other.promptTokens;
            completionTokens += other.completionTokens;
        }

        BigDecimal cost() {
            return INPUT_PRICE.multiply(BigDecimal.valueOf(promptTokens))
                    .add(OUTPUT_PRICE.multiply(BigDecimal.valueOf(completionTokens)))
                    .divide(BigDecimal.valueOf(1_000_000));
        }
    }
}
