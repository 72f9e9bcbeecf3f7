package dev.sluice.pipeline.bench;

import dev.sluice.pipeline.TestDatabase;
import dev.sluice.pipeline.TestEvents;
import dev.sluice.pipeline.ingest.IngestProperties;
import dev.sluice.pipeline.ingest.IngestRunner;
import dev.sluice.pipeline.store.UsageEventStore;
import dev.sluice.testsupport.KafkaTestBroker;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.r2dbc.core.DatabaseClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures the pipeline on this machine with an in-JVM KRaft broker and the local Postgres.
 * <ol>
 *   <li>throughput: {@code bench.events} events pre-loaded on the topic, then consumed into Postgres as fast as
 *       it goes: events/s from the first to the last insert;</li>
 *   <li>lag: events produced at {@code bench.rate}/s for {@code bench.seconds} s, each stamped completed "now";
 *       the lag is from that stamp to the commit of its rollups (p50, p99).</li>
 * </ol>
 * Run: {@code ./mvnw -q -B -pl metrics-pipeline -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.sluice.pipeline.bench.PipelineBenchmark} (options as -Dbench.events=... etc.).
 */
public final class PipelineBenchmark {

    /** Records per poll, so per database transaction (the application's {@code max-poll-records}). */
    private static final int BATCH = Integer.getInteger("bench.batch", 5000);

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("bench.events", 200_000);
        int rate = Integer.getInteger("bench.rate", 5_000);
        int seconds = Integer.getInteger("bench.seconds", 30);
        int consumers = Integer.getInteger("bench.consumers", 2);
        int warmup = Integer.getInteger("bench.warmup", 300_000);
        try (KafkaTestBroker broker = KafkaTestBroker.start(6); TestDatabase db = new TestDatabase()) {
            DatabaseClient client = DatabaseClient.create(db.pooledConnectionFactory(consumers + 2));
            UsageEventStore store = UsageEventStore.postgres(client);
            storeOnly(store, Math.min(events, 100_000), consumers);
            for (String topic : new String[] {"bench-warmup", "bench-throughput", "bench-lag"}) {
                broker.createTopic(topic, 6); // all before the producer writes: it never races a topic's creation
            }
            try (KafkaProducer<String, byte[]> producer = producer(broker)) {
                if (warmup > 0) { // the same path, unmeasured, so the measured run sees compiled code, not the JIT
                    throughput(broker, db, store, producer, "bench-warmup", warmup, consumers, "WARM-UP");
                }
                throughput(broker, db, store, producer, "bench-throughput", events, consumers, "THROUGHPUT");
                lag(broker, db, store, producer, rate, seconds, consumers);
            }
        }
        System.exit(0);
    }

    /** The store alone (no Kafka): batches of {@code bench.batch} written by {@code parallel} writers, as the consumers do. */
    private static void storeOnly(UsageEventStore store, int events, int parallel) {
        java.util.List<java.util.List<UsageEvent>> batches = new java.util.ArrayList<>();
        for (int b = 0; b < events / BATCH; b++) {
            java.util.List<UsageEvent> batch = new java.util.ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(TestEvents.event("tenant-" + (i % 50), i % 3 == 0 ? "gpt-4o" : "claude-sonnet-4", 200,
                        100 + i % 900, 20 + i % 300, "0.0012"));
            }
            batches.add(batch);
        }
        long start = System.nanoTime();
        Long stored = reactor.core.publisher.Flux.fromIterable(batches)
                .flatMap(store::insert, parallel)
                .reduce(0L, Long::sum)
                .block(Duration.ofMinutes(5));
        double elapsed = seconds(start);
        System.out.printf("STORE ONLY: %,d events in %.1f s = %,.0f events/s (%d writers, batches of %d)%n",
                stored, elapsed, stored / elapsed, parallel, BATCH);
    }

    private static void throughput(KafkaTestBroker broker, TestDatabase db, UsageEventStore store,
                                   KafkaProducer<String, byte[]> producer, String topic, int events, int consumers,
                                   String label) throws Exception {
        long loadStart = System.nanoTime();
        for (int i = 0; i < events; i++) {
            UsageEvent e = TestEvents.event("tenant-" + (i % 50), i % 3 == 0 ? "gpt-4o" : "claude-sonnet-4", 200,
                    100 + i % 900, 20 + i % 300, "0.0012");
            producer.send(new ProducerRecord<>(topic, e.tenant(), UsageEventCodec.encode(e)));
        }
        producer.flush();
        System.out.printf("loaded %,d events onto the topic in %.1f s%n", events, seconds(loadStart));

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestRunner runner = new IngestRunner(properties(broker, topic, consumers), store, meters, Clock.systemUTC());
        long start = System.nanoTime();
        runner.start();
        awaitInserted(meters, events);
        double elapsed = seconds(start);
        runner.stop();
        System.out.printf("%s: %,d events into Postgres in %.1f s = %,.0f events/s (%d consumers, batches of %d)%n",
                label, events, elapsed, events / elapsed, consumers, BATCH);
        System.out.printf("  rows: %,d raw events, %,d rollup rows%n",
                db.queryLong("SELECT count(*) FROM usage_events"), db.queryLong("SELECT count(*) FROM usage_rollups"));
    }

    private static void lag(KafkaTestBroker broker, TestDatabase db, UsageEventStore store,
                            KafkaProducer<String, byte[]> producer, int rate, int seconds, int consumers) throws Exception {
        String topic = "bench-lag";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        IngestRunner runner = new IngestRunner(properties(broker, topic, consumers), store, meters, Clock.systemUTC());
        runner.start();
        Thread.sleep(3000); // group join
        int total = rate * seconds;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Instant now = Instant.now();
            UsageEvent e = TestEvents.event("tenant-" + (i % 50), "gpt-4o", 200, 100, 20, "0.0012", now.minusMillis(40));
            producer.send(new ProducerRecord<>(topic, e.tenant(), UsageEventCodec.encode(e)));
        }
        double sent = seconds(start);
        awaitInserted(meters, total);
        runner.stop();
        Timer delay = meters.get("sluice.pipeline.ingest.delay").timer();
        System.out.printf("LAG at %,d events/s offered (%,.0f/s achieved) for %d s: ", rate, total / sent, seconds);
        for (ValueAtPercentile p : delay.takeSnapshot().percentileValues()) {
            System.out.printf("p%.0f %.0f ms  ", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
        }
        System.out.printf("max %.0f ms, mean %.0f ms over %,d events%n", delay.max(TimeUnit.MILLISECONDS),
                delay.mean(TimeUnit.MILLISECONDS), delay.count());
    }

    private static IngestProperties properties(KafkaTestBroker broker, String topic, int consumers) {
        return new IngestProperties(broker.bootstrapServers(), topic, "bench-" + topic, topic + ".dlq", consumers, BATCH,
                Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private static KafkaProducer<String, byte[]> producer(KafkaTestBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void awaitInserted(SimpleMeterRegistry meters, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (meters.counter("sluice.pipeline.events", "result", "inserted").count() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + meters.counter("sluice.pipeline.events", "result", "inserted").count()
                        + " of " + expected + " events inserted after 5 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
