package dev.sluice.pipeline;

import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventIds;
import dev.sluice.usage.event.UsageSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Usage events for tests. */
public final class TestEvents {

    private TestEvents() {
    }

    public static UsageEvent event(String tenant, String model, int status, long prompt, long completion, String cost) {
        return event(tenant, model, status, prompt, completion, cost, Instant.now());
    }

    public static UsageEvent event(String tenant, String model, int status, long prompt, long completion, String cost,
                                   Instant receivedAt) {
        long latency = 40 + prompt % 700;
        return new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), receivedAt,
                receivedAt.plusMillis(20), receivedAt.plusMillis(latency), "req-" + UsageEventIds.next(), null,
                tenant, "team-a", "user-1", "key-" + tenant, model, "openai", model + "-2025", true, status,
                status >= 400 ? "upstream_error" : null, status >= 400 ? Outcome.FAILED : Outcome.COMPLETED,
                new TokenUsage(prompt, completion, 0, 0, UsageSource.PROVIDER), new BigDecimal(cost), "2026.11.01",
                20L, latency, null, Map.of("feature", "chat"));
    }
}
