package dev.sluice.gateway.usage.kafka;

import dev.sluice.testsupport.KafkaTestBroker;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import dev.sluice.usage.event.UsageEventIds;
import dev.sluice.usage.event.UsageSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The sink against a real KRaft broker that is stopped and restarted on the same port: no event lost or doubled. */
class KafkaUsageSinkIntegrationTests {

    private static final List<String> TENANTS = List.of("t1", "t2", "t3", "t4", "t5");
    private static KafkaTestBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaTestBroker.start(3);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void offersSucceedDuringAnOutageAndExactlyThoseEventsReachTheTopicInOrderPerTenant(@TempDir Path spill) throws Exception {
        String topic = "usage-outage-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<UsageEvent> offered = new ArrayList<>();
        try (KafkaUsageSink sink = KafkaUsageSink.start(properties(topic, spill), meters)) {
            offerAll(sink, offered, 0, 50);
            // on a busy machine the warm-up itself may spill (spill-after is 300 ms here) and be replayed
            await(() -> meters.counter("sluice.usage.kafka.events", "result", "sent").count()
                    + meters.counter("sluice.usage.kafka.events", "result", "replayed").count() == 50
                    && sink.delivery() == UsageDelivery.DIRECT, "warm-up on Kafka");

            broker.stop();
            long began = System.nanoTime();
            offerAll(sink, offered, 50, 300);
            await(() -> sink.delivery() == UsageDelivery.SPILLING, "spilling while Kafka is down");
            offerAll(sink, offered, 350, 300);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
            assertThat(sink.healthy()).isTrue();

            broker.start();
            await(() -> sink.delivery() == UsageDelivery.DIRECT, "direct again after the replay");
            offerAll(sink, offered, 650, 50);
        }
        assertThat(meters.counter("sluice.usage.kafka.events", "result", "dropped").count()).isZero();
        assertExactlyOnTopicInOrder(topic, offered);
    }

    @Test
    void aCleanShutdownWhileKafkaIsDownJournalsEverythingAndTheNextSinkReplaysIt(@TempDir Path spill) throws Exception {
        String topic = "usage-shutdown-" + UUID.randomUUID();
        broker.createTopic(topic, 3);
        List<UsageEvent> offered = new ArrayList<>();
        broker.stop();
        try {
            try (KafkaUsageSink sink = KafkaUsageSink.start(properties(topic, spill), new SimpleMeterRegistry())) {
                offerAll(sink, offered, 0, 200);
            }
        } finally {
            broker.start();
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (KafkaUsageSink next = KafkaUsageSink.start(properties(topic, spill), meters)) {
            assertThat(next.delivery()).isEqualTo(UsageDelivery.SPILLING);
            await(() -> next.delivery() == UsageDelivery.DIRECT, "journal replayed");
        }
        assertThat(meters.counter("sluice.usage.kafka.events", "result", "replayed").count()).isEqualTo(200);
        assertExactlyOnTopicInOrder(topic, offered);
    }

    private static KafkaUsageProperties properties(String topic, Path spill) {
        return new KafkaUsageProperties(broker.bootstrapServers(), topic, 10_000, spill, DataSize.ofMegabytes(64),
                Duration.ofMillis(300), true, "lz4", Duration.ofMillis(5), DataSize.ofKilobytes(64),
                // a short delivery timeout: records the producer holds across a broker restart fail over to the journal
                // in seconds, not a minute (the production default is 2m)
                Duration.ofSeconds(10), Duration.ofMillis(500), 100, Duration.ofSeconds(1), Map.of());
    }

    private static void offerAll(KafkaUsageSink sink, List<UsageEvent> offered, int from, int count) {
        for (int i = from; i < from + count; i++) {
            UsageEvent event = event(TENANTS.get(i % TENANTS.size()), i);
            offered.add(event);
            sink.offer(event);
        }
    }

    private static void assertExactlyOnTopicInOrder(String topic, List<UsageEvent> offered) {
        List<UsageEvent> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (read.size() < offered.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    UsageEvent event = UsageEventCodec.decode(r.value());
                    assertThat(r.key()).isEqualTo(event.tenant());
                    read.add(event);
                }
            }
            assertThat(consumer.poll(Duration.ofMillis(500)).count()).as("no extra records").isZero();
        }
        assertThat(read).hasSize(offered.size());
        Set<UUID> ids = new HashSet<>();
        read.forEach(e -> ids.add(e.eventId()));
        assertThat(ids).hasSize(offered.size());
        Map<String, List<Integer>> perTenant = new HashMap<>();
        for (UsageEvent e : read) {
            perTenant.computeIfAbsent(e.tenant(), t -> new ArrayList<>()).add(Integer.parseInt(e.metadata().get("seq")));
        }
        perTenant.values().forEach(seqs -> assertThat(seqs).isSorted());
    }

    private static UsageEvent event(String tenant, int seq) {
        Instant now = Instant.now();
        return new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), now, now, now.plusMillis(30),
                "req-" + seq, null, tenant, null, null, "key-1", "gpt-4o", "openai", "gpt-4o-2024-08-06", false, 200,
                null, Outcome.COMPLETED, new TokenUsage(10, 5, 0, 0, UsageSource.PROVIDER), new BigDecimal("0.0001"),
                "2026.11.01", 12L, 30, null, Map.of("seq", Integer.toString(seq)));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
