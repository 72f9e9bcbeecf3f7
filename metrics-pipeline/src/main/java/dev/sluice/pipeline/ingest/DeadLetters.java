package dev.sluice.pipeline.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Publishes records the pipeline cannot read to the dead-letter topic, unchanged (same key, value and headers),
 * with headers {@code sluice.dlq.reason}, {@code sluice.dlq.topic}, {@code sluice.dlq.partition} and
 * {@code sluice.dlq.offset} added.
 */
final class DeadLetters {

    static final String REASON = "sluice.dlq.reason";

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    DeadLetters(Producer<byte[], byte[]> producer, String topic) {
        this.producer = requireNonNull(producer, "producer");
        this.topic = requireNonNull(topic, "topic");
    }

    /** Completes when the dead letter is acknowledged by the broker (acks=all). */
    CompletableFuture<Void> publish(ConsumerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        headers.add("sluice.dlq.topic", record.topic().getBytes(StandardCharsets.UTF_8));
        headers.add("sluice.dlq.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        headers.add("sluice.dlq.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers), (metadata, error) -> {
            if (error == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(error);
            }
        });
        return acked;
    }
}
