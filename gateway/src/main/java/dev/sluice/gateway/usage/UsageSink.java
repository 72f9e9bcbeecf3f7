package dev.sluice.gateway.usage;

import dev.sluice.usage.event.UsageEvent;

/**
 * Where usage events go: one per request that reached the gateway. Called on the request's thread, often a
 * Netty event loop, so an implementation never blocks and never throws; what it cannot keep it counts and logs.
 */
@FunctionalInterface
public interface UsageSink {

    void offer(UsageEvent event);
}
