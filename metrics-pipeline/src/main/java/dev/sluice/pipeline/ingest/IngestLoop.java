package dev.sluice.pipeline.ingest;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * One consumer of the group, on its own thread (the Kafka consumer is single-threaded and blocking by design;
 * it never runs on an event loop). The order of one batch:
 * <ol>
 *   <li>poll a batch, then pause every assigned partition;</li>
 *   <li>hand the batch to the {@link BatchProcessor}: one database transaction plus acknowledged dead letters;</li>
 *   <li>keep polling while paused (no records come, the group membership stays alive) until that completes;</li>
 *   <li>commit the batch's offsets, only now, and resume.</li>
 * </ol>
 * A crash anywhere before step 4 redelivers the batch; the store's de-duplication by event id makes that change
 * no total. A failed batch is read again from its first offsets after a back-off.
 */
final class IngestLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IngestLoop.class);
    private static final Duration PAUSED_POLL = Duration.ofMillis(5);

    private final Consumer<byte[], byte[]> consumer;
    private final BatchProcessor processor;
    private final IngestProperties properties;
    private volatile boolean running = true;
    private @Nullable InFlight inFlight;
    private long resumeAtNanos;
    /** Test seam: runs after the database commit and before the offset commit (a crash here must not double count). */
    volatile Runnable beforeOffsetCommit = () -> { };

    IngestLoop(Consumer<byte[], byte[]> consumer, BatchProcessor processor, IngestProperties properties) {
        this.consumer = requireNonNull(consumer, "consumer");
        this.processor = requireNonNull(processor, "processor");
        this.properties = requireNonNull(properties, "properties");
    }

    /** Asks the loop to finish its batch, commit it and close the consumer. Safe from any thread. */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of(properties.topic()), new Rebalance());
        try {
            while (running) {
                step();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            finishInFlight();
            consumer.close();
        }
    }

    private void step() {
        InFlight batch = inFlight;
        if (batch == null && System.nanoTime() >= resumeAtNanos) {
            consumer.resume(consumer.paused());
            ConsumerRecords<byte[], byte[]> records = consumer.poll(properties.pollTimeout());
            if (!records.isEmpty()) {
                consumer.pause(consumer.assignment());
                inFlight = new InFlight(records, processor.process(records));
            }
            return;
        }
        ConsumerRecords<byte[], byte[]> stray = consumer.poll(PAUSED_POLL);
        rewind(stray);
        if (batch != null && batch.result.isDone()) {
            complete(batch);
        }
    }

    private void complete(InFlight batch) {
        inFlight = null;
        try {
            BatchOutcome outcome = batch.result.join();
            beforeOffsetCommit.run();
            consumer.commitSync(batch.nextOffsets);
            if (log.isDebugEnabled()) {
                log.debug("batch committed: {}", outcome);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            consumer.commitSync(batch.nextOffsets); // stop() woke the commit up: the wake-up is spent, commit again
            throw e;
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The rows are committed in Postgres; the records come back to whoever owns the partitions next,
            // and de-duplication by event id makes that change nothing.
            log.warn("offsets of a stored usage batch not committed ({}); it will be redelivered", e.toString());
            rewind(batch.records);
        } catch (RuntimeException e) {
            log.error("usage batch of {} records failed; reading it again in {}", batch.records.count(),
                    properties.retryBackoff(), e);
            rewind(batch.records);
            resumeAtNanos = System.nanoTime() + properties.retryBackoff().toNanos();
        }
    }

    /** Seeks back to the first offset of each partition in {@code records}, so they are read again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).getFirst().offset());
            }
        }
    }

    private void finishInFlight() {
        InFlight batch = inFlight;
        if (batch == null) {
            return;
        }
        inFlight = null;
        try {
            batch.result.get(30, TimeUnit.SECONDS);
            consumer.commitSync(batch.nextOffsets);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("last usage batch not committed on stop; it will be redelivered (and de-duplicated)", e);
        }
    }

    private record InFlight(ConsumerRecords<byte[], byte[]> records, CompletableFuture<BatchOutcome> result,
                            Map<TopicPartition, OffsetAndMetadata> nextOffsets) {

        InFlight(ConsumerRecords<byte[], byte[]> records, CompletableFuture<BatchOutcome> result) {
            this(records, result, nextOffsets(records));
        }

        private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
                offsets.put(partition, new OffsetAndMetadata(list.getLast().offset() + 1));
            }
            return offsets;
        }
    }

    /** Runs on this loop's thread, inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Finish the batch before giving its partitions away, so the next owner starts after it.
            finishInFlight();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (inFlight != null) {
                consumer.pause(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Ownership is already gone: committing would fail; the new owner redelivers and de-duplicates.
            inFlight = null;
        }
    }
}
