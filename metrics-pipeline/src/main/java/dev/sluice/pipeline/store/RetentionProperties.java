package dev.sluice.pipeline.store;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the pipeline keeps what it stores.
 *
 * @param rawEventDays          days of raw events kept (whole daily partitions are dropped); also the window in
 *                              which a redelivered event is recognised as a duplicate, so keep it well above any
 *                              consumer lag
 * @param minuteRollupDays      days of per-minute rollups kept; hour and day rollups are kept forever
 * @param partitionsAhead       daily partitions created ahead of today
 */
@Validated
@ConfigurationProperties("sluice.pipeline.retention")
public record RetentionProperties(
        @DefaultValue("30") @Min(2) int rawEventDays,
        @DefaultValue("14") @Min(1) int minuteRollupDays,
        @DefaultValue("3") @Min(1) int partitionsAhead) {
}
