package dev.sluice.gateway.usage;

import dev.sluice.usage.event.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UsageMetersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final UsageMeters meters = new UsageMeters(registry);

    @Test
    void recordsRequestsByProviderModelOutcomeStatusAndStreamOnOneTimerPerLabelSet() {
        meters.request("openai", "gpt-4o", Outcome.COMPLETED, 200, false, 12);
        meters.request("openai", "gpt-4o", Outcome.COMPLETED, 200, false, 8);
        meters.request("openai", "gpt-4o", Outcome.CANCELLED, 499, true, 5);

        var completed = registry.get("sluice.requests").tags("provider", "openai", "model", "gpt-4o",
                "outcome", "completed", "status", "200", "stream", "false").timer();
        assertThat(completed.count()).isEqualTo(2);
        assertThat(completed.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(20);
        assertThat(registry.get("sluice.requests").tags("outcome", "cancelled", "status", "499", "stream", "true")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get("sluice.requests").timers()).hasSize(2);
    }

    @Test
    void countsTokensByKindAndCostPerModel() {
        meters.tokens("openai", "gpt-4o", 10, 5, 0, 0.25);
        meters.tokens("openai", "gpt-4o", 1, 2, 3, 0.5);
        meters.timeToFirstToken("openai", "gpt-4o", 30);

        assertThat(registry.get("sluice.tokens").tags("model", "gpt-4o", "kind", "prompt").counter().count()).isEqualTo(11);
        assertThat(registry.get("sluice.tokens").tags("kind", "completion").counter().count()).isEqualTo(7);
        assertThat(registry.get("sluice.tokens").tags("kind", "cached").counter().count()).isEqualTo(3);
        assertThat(registry.get("sluice.cost.usd").tags("provider", "openai").counter().count()).isEqualTo(0.75);
        assertThat(registry.get("sluice.time.to.first.token").timer().count()).isEqualTo(1);
    }
}
