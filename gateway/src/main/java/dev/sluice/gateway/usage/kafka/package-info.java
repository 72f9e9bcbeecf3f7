/**
 * The Kafka {@link dev.sluice.gateway.usage.UsageSink}: a bounded queue in front of an idempotent producer on its
 * own thread, with a local append-only spill journal for when Kafka is down or slow.
 */
@NullMarked
package dev.sluice.gateway.usage.kafka;

import org.jspecify.annotations.NullMarked;
