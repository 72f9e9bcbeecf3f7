package dev.sluice.pipeline.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * How the pipeline consumes the usage topic.
 *
 * @param bootstrapServers Kafka bootstrap servers, comma separated
 * @param topic            the usage topic
 * @param groupId          consumer group; instances sharing it split the topic's partitions
 * @param deadLetterTopic  where malformed and unknown-version events go, with the reason in header {@code sluice.dlq.reason}
 * @param consumers        consumer threads in this instance (each one consumer of the group)
 * @param maxPollRecords   most records in one batch (one database transaction)
 * @param pollTimeout      how long one poll waits for records
 * @param retryBackoff     wait before a failed batch is read again from its first offset
 */
@Validated
@ConfigurationProperties("sluice.pipeline.kafka")
public record IngestProperties(
        @NotBlank String bootstrapServers,
        @DefaultValue("sluice.usage.v1") @NotBlank String topic,
        @DefaultValue("sluice-metrics-pipeline") @NotBlank String groupId,
        @DefaultValue("sluice.usage.v1.dlq") @NotBlank String deadLetterTopic,
        @DefaultValue("2") @Min(1) @Max(64) int consumers,
        @DefaultValue("5000") @Min(1) @Max(50000) int maxPollRecords,
        @DefaultValue("200ms") Duration pollTimeout,
        @DefaultValue("1s") Duration retryBackoff) {
}
