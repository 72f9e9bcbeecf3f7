/**
 * The public contract of Kafka topic {@code sluice.usage.v1}: one {@link dev.sluice.usage.event.UsageEvent}
 * per request that reached the gateway. Never holds prompts or completions.
 */
@NullMarked
package dev.sluice.usage.event;

import org.jspecify.annotations.NullMarked;
