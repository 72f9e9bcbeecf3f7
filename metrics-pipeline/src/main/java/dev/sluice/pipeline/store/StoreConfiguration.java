package dev.sluice.pipeline.store;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import reactor.core.publisher.Mono;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    UsageEventStore usageEventStore(DatabaseClient db) {
        return UsageEventStore.postgres(db);
    }

    @Bean
    DailyPartitions dailyPartitions(DatabaseClient db, RetentionProperties retention, Clock clock) {
        return new DailyPartitions(db, retention, clock);
    }

    @Bean
    PartitionSchedule partitionSchedule(DailyPartitions partitions) {
        return new PartitionSchedule(partitions);
    }

    /** Runs partition maintenance at start-up and every hour (Spring subscribes to the returned Mono). */
    static final class PartitionSchedule {

        private final DailyPartitions partitions;

        PartitionSchedule(DailyPartitions partitions) {
            this.partitions = partitions;
        }

        @Scheduled(initialDelay = 0, fixedDelayString = "${sluice.pipeline.retention.maintenance-interval:PT1H}")
        Mono<Void> maintain() {
            return partitions.maintain();
        }
    }
}
