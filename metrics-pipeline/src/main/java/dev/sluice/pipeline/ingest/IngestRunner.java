package dev.sluice.pipeline.ingest;

import dev.sluice.pipeline.store.UsageEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Starts {@code consumers} {@link IngestLoop}s, each on its own platform thread with its own consumer, sharing one
 * idempotent dead-letter producer; stops them cleanly (last batch committed) on shutdown.
 */
public final class IngestRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IngestRunner.class);

    private final IngestProperties properties;
    private final UsageEventStore store;
    private final MeterRegistry meters;
    private final Clock clock;
    private final List<IngestLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private @Nullable Producer<byte[], byte[]> deadLetterProducer;
    private volatile boolean running;

    public IngestRunner(IngestProperties properties, UsageEventStore store, MeterRegistry meters, Clock clock) {
        this.properties = requireNonNull(properties, "properties");
        this.store = requireNonNull(store, "store");
        this.meters = requireNonNull(meters, "meters");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void start() {
        deadLetterProducer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, properties.groupId() + "-dlq"),
                new ByteArraySerializer(), new ByteArraySerializer());
        BatchProcessor processor = new BatchProcessor(store, new DeadLetters(deadLetterProducer,
                properties.deadLetterTopic()), meters, clock);
        for (int i = 0; i < properties.consumers(); i++) {
            IngestLoop loop = new IngestLoop(newConsumer(i), processor, properties);
            Thread thread = Thread.ofPlatform().name("usage-ingest-" + i).unstarted(loop);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("usage ingest loop {} died", t.getName(), e));
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        loops.forEach(IngestLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loops.clear();
        threads.clear();
        Producer<byte[], byte[]> producer = deadLetterProducer;
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            deadLetterProducer = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** True while every consumer thread is alive: for the readiness probe. */
    public boolean healthy() {
        return running && threads.stream().allMatch(Thread::isAlive);
    }

    private KafkaConsumer<byte[], byte[]> newConsumer(int index) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, properties.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG, properties.groupId() + "-" + index,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
