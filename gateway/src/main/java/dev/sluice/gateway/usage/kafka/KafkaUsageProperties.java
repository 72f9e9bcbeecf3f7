package dev.sluice.gateway.usage.kafka;

import dev.sluice.usage.event.UsageEvent;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Kafka usage sink; it is on when {@code bootstrap-servers} is set.
 *
 * @param bootstrapServers Kafka bootstrap servers, comma separated
 * @param topic            the usage topic
 * @param queueCapacity    events held in memory between the request path and the sender thread
 * @param spillDirectory   directory of the spill journal (keep it on a persistent volume)
 * @param maxSpillSize     the most the journal may hold; beyond it events are dropped (counted and logged)
 * @param spillAfter       no acknowledgement from Kafka for this long while sends are pending: Kafka counts as down
 *                         or slow, and new events go to the journal
 * @param fsync            force journal appends to disk at each batch
 * @param compression      producer compression codec (none, gzip, snappy, lz4, zstd)
 * @param linger           producer linger: how long a batch may wait to fill
 * @param batchSize        producer batch size per partition
 * @param deliveryTimeout  how long the producer retries one record before failing it (it then goes to the journal)
 * @param maxBlock         how long a send may wait for metadata or buffer space, on the sender thread only
 * @param replayBatch      journal events sent per replay round
 * @param shutdownTimeout  how long a clean shutdown waits for Kafka before journalling what is left
 * @param producer         further producer properties (override the ones above)
 */
@Validated
@ConfigurationProperties("sluice.usage.kafka")
public record KafkaUsageProperties(
        @NotBlank String bootstrapServers,
        @DefaultValue(UsageEvent.TOPIC) @NotBlank String topic,
        @DefaultValue("65536") @Min(16) @Max(10_000_000) int queueCapacity,
        @DefaultValue("data/usage-spill") @NotNull Path spillDirectory,
        @DefaultValue("1GB") @NotNull DataSize maxSpillSize,
        @DefaultValue("3s") @NotNull Duration spillAfter,
        @DefaultValue("true") boolean fsync,
        @DefaultValue("lz4") @NotBlank String compression,
        @DefaultValue("20ms") @NotNull Duration linger,
        @DefaultValue("256KB") @NotNull DataSize batchSize,
        @DefaultValue("2m") @NotNull Duration deliveryTimeout,
        @DefaultValue("1s") @NotNull Duration maxBlock,
        @DefaultValue("1000") @Min(1) int replayBatch,
        @DefaultValue("10s") @NotNull Duration shutdownTimeout,
        @DefaultValue Map<String, String> producer) {

    public KafkaUsageProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }
}
