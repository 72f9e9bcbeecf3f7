package dev.sluice.gateway.usage.kafka;

import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.TokenUsage;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventIds;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code offer} on a non-blocking thread, under BlockHound, with Kafka unreachable and the queue overflowing. */
class KafkaUsageSinkNonBlockingTests {

    @Test
    void blockHoundIsWatchingThisThread() {
        StepVerifier.create(Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return 1;
                }).subscribeOn(Schedulers.parallel()))
                .expectError(BlockingOperationError.class)
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void offerNeverBlocksAndCountsWhatItCannotKeep(@TempDir Path spill) {
        UsageEventIds.next(); // class initialisation seeds its random generator (one read), as the gateway does at start-up
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaUsageProperties properties = new KafkaUsageProperties("127.0.0.1:1", "usage-unreachable", 16, spill,
                DataSize.ofMegabytes(1), Duration.ofMillis(300), true, "lz4", Duration.ofMillis(5),
                DataSize.ofKilobytes(64), Duration.ofSeconds(5), Duration.ofSeconds(2), 100, Duration.ofMillis(200), Map.of());
        try (KafkaUsageSink sink = KafkaUsageSink.start(properties, meters)) {
            StepVerifier.create(Flux.range(0, 2000)
                            .publishOn(Schedulers.parallel())
                            .map(KafkaUsageSinkNonBlockingTests::event)
                            .doOnNext(sink::offer))
                    .expectNextCount(2000)
                    .expectComplete()
                    .verify(Duration.ofSeconds(5));
        }
        double dropped = meters.counter("sluice.usage.kafka.events", "result", "dropped").count();
        double spilled = meters.counter("sluice.usage.kafka.events", "result", "spilled").count();
        assertThat(dropped).as("the 16-slot queue overflowed while the sender waited for Kafka").isPositive();
        assertThat(dropped + spilled).as("every event is either journalled or counted as dropped").isEqualTo(2000);
    }

    private static UsageEvent event(int i) {
        Instant now = Instant.now();
        return new UsageEvent(UsageEvent.SCHEMA_VERSION, UsageEventIds.next(), now, null, now, "req-" + i, null, "t",
                null, null, null, "gpt-4o", null, null, false, 200, null, Outcome.COMPLETED, TokenUsage.NONE,
                BigDecimal.ZERO, null, null, 0, null, Map.of());
    }
}
