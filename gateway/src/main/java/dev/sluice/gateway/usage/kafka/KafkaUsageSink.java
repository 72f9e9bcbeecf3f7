package dev.sluice.gateway.usage.kafka;

import dev.sluice.gateway.usage.UsageSink;
import dev.sluice.usage.event.UsageEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Publishes usage events to Kafka (key: tenant) without ever blocking the caller: {@link #offer} only puts the
 * event on a bounded lock-free queue (JCTools' multi-producer single-consumer array queue: no lock a request thread
 * could wait on, unlike {@code ArrayBlockingQueue}, whose lock the sender shares); a sender thread owns the producer
 * and the spill journal (see {@link UsageSender}). The capacity is {@code queue-capacity} rounded up to a power of two.
 * A full queue drops the event, counted in {@code sluice.usage.kafka.events{result=dropped}} and logged by the
 * sender thread (never by the caller).
 */
public final class KafkaUsageSink implements UsageSink, AutoCloseable {

    private final MpscAtomicArrayQueue<UsageEvent> queue;
    private final UsageSender sender;
    private final Thread thread;
    private final Counter dropped;
    private final Counter offered;
    private final int capacity;
    private final UsageDropLog dropLog = new UsageDropLog();
    private volatile boolean closed;

    private KafkaUsageSink(KafkaUsageProperties properties, Producer<String, byte[]> producer, MeterRegistry meters) {
        this.queue = new MpscAtomicArrayQueue<>(properties.queueCapacity());
        this.capacity = queue.capacity();
        this.dropped = meters.counter("sluice.usage.kafka.events", "result", "dropped");
        this.offered = meters.counter("sluice.usage.kafka.events", "result", "offered");
        meters.gaugeCollectionSize("sluice.usage.kafka.queue.size", Tags.empty(), queue);
        SpillJournals journals;
        try {
            journals = SpillJournals.open(properties.spillDirectory(), properties.maxSpillSize().toBytes(), properties.fsync());
        } catch (IOException e) {
            producer.close();
            throw new UncheckedIOException("cannot open the usage spill journal in " + properties.spillDirectory(), e);
        }
        this.sender = new UsageSender(queue, producer, journals, properties, meters, dropped, dropLog);
        this.thread = Thread.ofPlatform().name("usage-kafka-sender").daemon(false).unstarted(sender);
        sender.runsOn(thread);
        this.thread.start();
    }

    /** A sink with an idempotent, {@code acks=all}, compressing producer configured from {@code properties}. */
    public static KafkaUsageSink start(KafkaUsageProperties properties, MeterRegistry meters) {
        requireNonNull(properties, "properties");
        return new KafkaUsageSink(properties, new KafkaProducer<>(producerConfig(properties),
                new StringSerializer(), new ByteArraySerializer()), requireNonNull(meters, "meters"));
    }

    static Map<String, Object> producerConfig(KafkaUsageProperties p) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-gateway-usage");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, p.compression());
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) p.linger().toMillis());
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, (int) p.batchSize().toBytes());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) p.deliveryTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, p.deliveryTimeout().toMillis() / 2));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, p.maxBlock().toMillis());
        config.putAll(p.producer());
        return config;
    }

    /** Never blocks, never throws: queues the event, or counts and logs it as dropped. */
    @Override
    public void offer(UsageEvent event) {
        offered.increment();
        if (closed || !queue.offer(event)) {
            dropped.increment();
            dropLog.dropped(closed ? "usage sink closed" : "usage queue full");
        }
    }

    /** Where events go now. */
    public UsageDelivery delivery() {
        return thread.isAlive() ? sender.delivery() : UsageDelivery.STOPPED;
    }

    /**
     * True while no event is being dropped for want of room: the sender thread runs and the queue is below 90%.
     * Spilling to disk is degraded but healthy (nothing is lost).
     */
    public boolean healthy() {
        return !closed && thread.isAlive() && queue.size() < capacity - capacity / 10;
    }

    /**
     * Clean shutdown: stops taking events, sends or journals everything queued, waits up to {@code shutdownTimeout}
     * for Kafka, and journals what it did not acknowledge (replayed at the next start).
     */
    @Override
    public void close() {
        closed = true;
        sender.stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // An offer that raced with close may have queued an event after the sender's last look: counted, not lost
        // silently.
        if (queue.drain(event -> {
            dropped.increment();
            dropLog.dropped("usage sink closed");
        }) > 0) {
            dropLog.report(true);
        }
    }
}
