package dev.sluice.pipeline.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.sluice.pipeline.TestEvents;
import dev.sluice.testsupport.KafkaTestBroker;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another team's consumer, as docs/consuming-usage-events.md describes it: plain kafka-clients with String
 * deserializers, a generic JSON parser and the published JSON Schema; no Sluice class on its side.
 */
class IndependentConsumerIntegrationTests {

    @Test
    void readsTheGatewaysEventsWithOnlyKafkaClientsAndTheSchema() throws Exception {
        List<UsageEvent> produced = new ArrayList<>();
        try (KafkaTestBroker broker = KafkaTestBroker.start(3)) {
            broker.createTopic(UsageEvent.TOPIC, 3);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 20; i++) {
                    UsageEvent e = TestEvents.event("tenant-" + (i % 3), "gpt-4o", i == 3 ? 429 : 200, 10 + i, 5, "0.00" + (i + 10));
                    produced.add(e);
                    producer.send(new ProducerRecord<>(UsageEvent.TOPIC, e.tenant(), UsageEventCodec.encode(e)))
                            .get(30, TimeUnit.SECONDS);
                }
            }

            // --- the other team's side: nothing below uses a Sluice class ---
            JsonSchema schema;
            try (InputStream in = Files.newInputStream(Path.of("..", "docs", "usage-event.schema.json"))) {
                schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
            }
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "billing-team-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("sluice.usage.v1"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (read.size() < produced.size() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                        JsonNode event = json.readTree(record.value());
                        assertThat(schema.validate(event)).as(record.value()).isEmpty();
                        assertThat(event.get("schema_version").asInt()).isEqualTo(1);
                        assertThat(record.key()).isEqualTo(event.get("tenant").asText());
                        read.add(event);
                    }
                }
            }
            // --- end of the other team's side ---

            assertThat(read).hasSize(produced.size());
            BigDecimal producedCost = produced.stream().map(UsageEvent::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal readCost = read.stream().map(e -> e.get("cost_usd").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(readCost).isEqualByComparingTo(producedCost);
            assertThat(read.stream().mapToLong(e -> e.get("usage").get("prompt_tokens").asLong()).sum())
                    .isEqualTo(produced.stream().mapToLong(e -> e.usage().promptTokens()).sum());
        }
    }
}
