package dev.sluice.gateway.usage.kafka;

/** Where the Kafka usage sink is sending events now. */
public enum UsageDelivery {
    /** Straight to Kafka. */
    DIRECT,
    /** Kafka is down or slow: events are journalled on disk and replayed in order when it answers again. */
    SPILLING,
    /** Closed, or the sender thread died: events offered now are dropped (counted and logged). */
    STOPPED
}
