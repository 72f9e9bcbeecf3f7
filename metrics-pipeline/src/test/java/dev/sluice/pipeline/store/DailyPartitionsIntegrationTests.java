package dev.sluice.pipeline.store;

import dev.sluice.pipeline.TestDatabase;
import dev.sluice.pipeline.TestEvents;
import dev.sluice.usage.event.UsageEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DailyPartitionsIntegrationTests {

    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void createsDailyPartitionsMovesEarlyRowsAndDropsExpiredDaysWithoutTouchingRollups() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        UsageEventStore store = UsageEventStore.postgres(db.client());
        // Before any partition exists, rows land in the default partition.
        UsageEvent today = TestEvents.event("p-tenant", "gpt-4o", 200, 1, 1, "0.1", now);
        StepVerifier.create(store.insert(List.of(today,
                        TestEvents.event("p-tenant", "gpt-4o", 200, 1, 1, "0.1", now.minus(Duration.ofDays(40))))))
                .expectNext(2L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(db.queryLong("SELECT count(*) FROM usage_events_default")).isEqualTo(2);

        DailyPartitions partitions = new DailyPartitions(db.client(), new RetentionProperties(30, 14, 3),
                Clock.fixed(now, ZoneOffset.UTC));
        StepVerifier.create(partitions.maintain()).expectComplete().verify(Duration.ofSeconds(10));

        assertThat(db.queryLong("SELECT count(*) FROM usage_events_p20260310")).isEqualTo(1);
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'usage_events_p%'"))
                .isEqualTo(5);
        assertThat(db.queryLong("SELECT count(*) FROM usage_events_default")).as("expired row deleted").isZero();
        assertThat(db.queryLong("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'day'")).isEqualTo(2);

        // A redelivery of the moved row is still recognised as a duplicate, and raises nothing.
        StepVerifier.create(store.insert(List.of(today))).expectNext(0L).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(db.queryLong("SELECT count(*) FROM usage_events")).isEqualTo(1);
        assertThat(db.queryLong("SELECT sum(requests) FROM usage_rollups WHERE granularity = 'day'")).isEqualTo(2);
    }
}
