package dev.sluice.pipeline.ingest;

import dev.sluice.pipeline.TestDatabase;
import dev.sluice.pipeline.TestEvents;
import dev.sluice.pipeline.store.UsageEventStore;
import dev.sluice.testsupport.KafkaTestBroker;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class IngestLoopIntegrationTests {

    private static KafkaTestBroker broker;
    private static TestDatabase db;
    private static UsageEventStore store;
    private static Producer<byte[], byte[]> producer;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start(3);
        db = new TestDatabase();
        store = UsageEventStore.postgres(db.client());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        db.close();
        broker.close();
    }

    @Test
    void aConsumerKilledAfterTheDatabaseCommitAndARedeliveryChangeNoTotal() throws Exception {
        String topic = "usage-crash-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        List<UsageEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            events.add(TestEvents.event("crash-tenant-" + (i % 5), i % 2 == 0 ? "gpt-4o" : "claude-sonnet",
                    i % 10 == 0 ? 502 : 200, 100 + i, 10 + i, "0.001250"));
        }
        events.forEach(e -> send(topic, e.tenant(), UsageEventCodec.encode(e)));
        events.subList(0, 50).forEach(e -> send(topic, e.tenant(), UsageEventCodec.encode(e))); // redelivered by the gateway
        producer.flush();

        IngestProperties props = properties(topic, "crash-group-" + UUID.randomUUID());
        IngestLoop crashing = loop(props);
        crashing.beforeOffsetCommit = () -> {
            throw new SimulatedCrash();
        };
        Thread first = Thread.ofPlatform().start(crashing);
        first.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(first.isAlive()).isFalse();
        long afterCrash = db.queryLong("SELECT count(*) FROM usage_events WHERE tenant LIKE 'crash-tenant-%'");
        assertThat(afterCrash).as("the crashed batch reached the database").isPositive();
        assertThat(committed(props)).as("nothing committed by the crashed consumer").isZero();

        IngestLoop second = loop(props);
        Thread thread = Thread.ofPlatform().start(second);
        try {
            await(() -> committed(props) == events.size() + 50, "all offsets committed");
        } finally {
            second.stop();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertThat(db.queryLong("SELECT count(*) FROM usage_events WHERE tenant LIKE 'crash-tenant-%'")).isEqualTo(400);
        for (String granularity : List.of("minute", "hour", "day")) {
            String where = " FROM usage_rollups WHERE tenant LIKE 'crash-tenant-%' AND granularity = '" + granularity + "'";
            assertThat(db.queryLong("SELECT sum(requests)" + where)).isEqualTo(400);
            assertThat(db.queryLong("SELECT sum(errors)" + where)).isEqualTo(40);
            assertThat(db.queryLong("SELECT sum(prompt_tokens)" + where))
                    .isEqualTo(events.stream().mapToLong(e -> e.usage().promptTokens()).sum());
            assertThat(new BigDecimal(db.queryString("SELECT sum(cost_usd)" + where)))
                    .isEqualByComparingTo(new BigDecimal("0.5"));
            assertThat(db.queryLong("SELECT sum(h)" + where.replace("FROM usage_rollups",
                    "FROM usage_rollups, unnest(latency_hist) AS h"))).isEqualTo(400);
        }
    }

    @Test
    void malformedAndUnknownVersionEventsGoToTheDeadLetterTopicWithoutStallingTheirPartition() throws Exception {
        String topic = "usage-dlq-" + UUID.randomUUID();
        broker.createTopic(topic, 1);
        broker.createTopic(topic + ".dlq", 1);
        IngestProperties props = properties(topic, "dlq-group-" + UUID.randomUUID());
        UsageEvent before = TestEvents.event("dlq-tenant", "gpt-4o", 200, 5, 5, "0.01");
        UsageEvent after = TestEvents.event("dlq-tenant", "gpt-4o", 200, 7, 7, "0.02");
        String future = new String(UsageEventCodec.encode(after), StandardCharsets.UTF_8)
                .replace("\"schema_version\":1", "\"schema_version\":2")
                .replace(after.eventId().toString(), UUID.randomUUID().toString());
        send(topic, "dlq-tenant", UsageEventCodec.encode(before));
        send(topic, "dlq-tenant", "{not json".getBytes(StandardCharsets.UTF_8));
        send(topic, "dlq-tenant", future.getBytes(StandardCharsets.UTF_8));
        send(topic, "dlq-tenant", UsageEventCodec.encode(after));
        producer.flush();

        IngestLoop loop = loop(props);
        Thread thread = Thread.ofPlatform().start(loop);
        try {
            await(() -> committed(props) == 4, "all four offsets committed");
        } finally {
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(db.queryLong("SELECT count(*) FROM usage_events WHERE tenant = 'dlq-tenant'")).isEqualTo(2);

        Map<String, String> reasons = readDeadLetters(props.deadLetterTopic(), 2).stream().collect(Collectors.toMap(
                r -> new String(r.value(), StandardCharsets.UTF_8),
                r -> new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)));
        assertThat(reasons.get("{not json")).startsWith("malformed usage event");
        assertThat(reasons.get(future)).isEqualTo("unknown usage event schema_version 2");
    }

    private static IngestProperties properties(String topic, String group) {
        return new IngestProperties(broker.bootstrapServers(), topic, group, topic + ".dlq", 1, 50,
                Duration.ofMillis(100), Duration.ofMillis(200));
    }

    private static IngestLoop loop(IngestProperties props) {
        Producer<byte[], byte[]> dlq = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        BatchProcessor processor = new BatchProcessor(store, new DeadLetters(dlq, props.deadLetterTopic()),
                new SimpleMeterRegistry(), Clock.systemUTC());
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, props.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, props.maxPollRecords()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return new IngestLoop(consumer, processor, props);
    }

    private static void send(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long committed(IngestProperties props) {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(props.groupId())
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readDeadLetters(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(expected);
        return records;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Thrown by the test seam: the consumer dies between the database commit and the offset commit. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between database commit and offset commit", null, false, false);
        }
    }
}
