package dev.sluice.pipeline.ingest;

import dev.sluice.pipeline.store.UsageEventStore;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Turns one polled batch into one store write plus dead letters. The returned future completes only when both
 * the database transaction has committed and every dead letter is acknowledged: only then may offsets be committed.
 */
final class BatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final UsageEventStore store;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Counter inserted;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Timer ingestDelay;

    BatchProcessor(UsageEventStore store, DeadLetters deadLetters, MeterRegistry meters, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.deadLetters = requireNonNull(deadLetters, "deadLetters");
        this.clock = requireNonNull(clock, "clock");
        this.inserted = meters.counter("sluice.pipeline.events", "result", "inserted");
        this.duplicates = meters.counter("sluice.pipeline.events", "result", "duplicate");
        this.deadLettered = meters.counter("sluice.pipeline.events", "result", "dead_lettered");
        this.ingestDelay = Timer.builder("sluice.pipeline.ingest.delay")
                .description("from the event's completion in the gateway to its rollup commit")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    CompletableFuture<BatchOutcome> process(ConsumerRecords<byte[], byte[]> records) {
        List<UsageEvent> events = new ArrayList<>(records.count());
        List<CompletableFuture<Void>> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            @Nullable String reason = null;
            if (record.value() == null) {
                reason = "empty record value";
            } else {
                try {
                    events.add(UsageEventCodec.decode(record.value()));
                } catch (IllegalArgumentException e) {
                    reason = e.getMessage();
                }
            }
            if (reason != null) {
                log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
                letters.add(deadLetters.publish(record, reason));
            }
        }
        CompletableFuture<Long> stored = store.insert(events).toFuture();
        return CompletableFuture.allOf(letters.toArray(CompletableFuture[]::new))
                .thenCombine(stored, (ignored, count) -> count)
                .thenApply(count -> account(events, count, letters.size()));
    }

    private BatchOutcome account(List<UsageEvent> events, long newRows, int letters) {
        long now = clock.millis();
        for (UsageEvent event : events) {
            ingestDelay.record(Duration.ofMillis(Math.max(0, now - event.completedAt().toEpochMilli())));
        }
        inserted.increment(newRows);
        duplicates.increment(events.size() - newRows);
        deadLettered.increment(letters);
        return new BatchOutcome(newRows, events.size() - newRows, letters);
    }
}
