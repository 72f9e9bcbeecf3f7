package dev.sluice.gateway.usage.kafka;

import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import dev.sluice.usage.event.UsageEventIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender's replay logic, with the acknowledgements driven by hand ({@link MockProducer} without auto-completion):
 * a failed replay round is sent again, and direct sends Kafka fails come back before the events spilled after them.
 * (The real broker is in {@link KafkaUsageSinkIntegrationTests}.)
 */
class UsageSenderTests {

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final MpscAtomicArrayQueue<UsageEvent> queue = new MpscAtomicArrayQueue<>(128);
    private UsageSender sender;
    private Thread thread;

    @AfterEach
    void stopSender() throws InterruptedException {
        if (sender != null) {
            sender.stop();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void aReplayRoundThatKafkaFailedIsSentAgainAndTheSinkGoesBackToDirect(@TempDir Path spill) throws Exception {
        List<UsageEvent> journalled = List.of(event(0), event(1), event(2));
        try (SpillJournals journals = open(spill)) {
            for (UsageEvent e : journalled) {
                journals.tail().append(UsageEventCodec.encode(e));
            }
        }
        start(spill);
        assertThat(sender.delivery()).isEqualTo(UsageDelivery.SPILLING);

        await(() -> producer.history().size() == 3, "first replay round sent");
        for (int i = 0; i < 3; i++) {
            assertThat(producer.errorNext(new TimeoutException("broker down"))).isTrue();
        }
        await(() -> producer.history().size() == 6, "the failed round sent again after the back-off");
        for (int i = 0; i < 3; i++) {
            assertThat(producer.completeNext()).isTrue();
        }
        await(() -> sender.delivery() == UsageDelivery.DIRECT, "direct after the journal is replayed");
        assertThat(seqs(producer.history())).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void directSendsKafkaFailsAreReplayedBeforeTheEventsSpilledAfterThem(@TempDir Path spill) throws Exception {
        start(spill);
        assertThat(sender.delivery()).isEqualTo(UsageDelivery.DIRECT);
        queue.add(event(0));
        queue.add(event(1));
        await(() -> producer.history().size() == 2, "direct sends");
        // no acknowledgement for spill-after: later events go to the journal
        await(() -> sender.delivery() == UsageDelivery.SPILLING, "spilling");
        queue.add(event(2));
        await(() -> queue.isEmpty(), "event 2 taken");
        Thread.sleep(200);
        assertThat(producer.history()).hasSize(2);

        // the producer's delivery timeout fails the two records it held
        assertThat(producer.errorNext(new TimeoutException("expired"))).isTrue();
        assertThat(producer.errorNext(new TimeoutException("expired"))).isTrue();
        await(() -> producer.history().size() == 4, "the failed direct sends replayed first");
        Thread.sleep(200);
        assertThat(producer.history()).as("event 2 waits until 0 and 1 are acknowledged").hasSize(4);
        assertThat(producer.completeNext()).isTrue();
        assertThat(producer.completeNext()).isTrue();
        await(() -> producer.history().size() == 5, "then the spilled event");
        assertThat(producer.completeNext()).isTrue();
        await(() -> sender.delivery() == UsageDelivery.DIRECT, "direct again");
        assertThat(seqs(producer.history())).containsExactly(0, 1, 0, 1, 2);
    }

    private void start(Path spill) throws IOException {
        KafkaUsageProperties properties = new KafkaUsageProperties("127.0.0.1:1", "usage-test", 100, spill,
                DataSize.ofMegabytes(1), Duration.ofMillis(100), false, "none", Duration.ofMillis(5),
                DataSize.ofKilobytes(64), Duration.ofSeconds(10), Duration.ofMillis(500), 100, Duration.ofMillis(200), Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        sender = new UsageSender(queue, producer, open(spill), properties, meters,
                meters.counter("sluice.usage.kafka.events", "result", "dropped"), new UsageDropLog());
        thread = Thread.ofPlatform().name("usage-sender-test").unstarted(sender);
        sender.runsOn(thread);
        thread.start();
    }

    private static SpillJournals open(Path spill) throws IOException {
        return SpillJournals.open(spill, DataSize.ofMegabytes(1).toBytes(), false);
    }

    private static List<Integer> seqs(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(r -> Integer.parseInt(UsageEventCodec.decode(r.value()).metadata().get("seq"))).toList();
    }

    private static UsageEvent event(int seq) {
        Instant now = Instant.now();
        return new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), now, null, now, "req-" + seq, null, "t1",
                null, null, null, "gpt-4o", null, null, false, 200, null, Outcome.COMPLETED, TokenUsage.NONE,
                BigDecimal.ZERO, null, null, 0, null, Map.of("seq", Integer.toString(seq)));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
