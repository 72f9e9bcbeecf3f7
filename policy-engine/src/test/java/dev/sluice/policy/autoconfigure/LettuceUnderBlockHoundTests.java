package dev.sluice.policy.autoconfigure;

import dev.sluice.policy.support.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many non-blocking threads sharing one Lettuce connection, as the gateway's event loops do, with BlockHound
 * installed: every command completes. Contention on Lettuce's writer lock once left the connection wedged (the
 * command never sent, the thread spinning) until {@link LettuceBlockHoundIntegration} let that lock pass.
 */
class LettuceUnderBlockHoundTests {

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wedged connection spins: fail, not hang
    void commandsFromManyNonBlockingThreadsOnOneConnectionAllComplete() {
        RedisClient client = RedisClient.create(TestServices.redisUrl());
        Scheduler threads = Schedulers.newParallel("lettuce-contention", 4);
        try (StatefulRedisConnection<String, String> connection = TestServices.redis(client)) {
            int commands = 20_000;
            StepVerifier.create(Flux.range(0, commands)
                            .parallel(4).runOn(threads, 1)
                            .flatMap(i -> Mono.defer(() -> connection.reactive().ping()), false, 64)
                            .sequential()
                            .count())
                    .assertNext(count -> assertThat(count).isEqualTo(commands))
                    .expectComplete()
                    .verify(Duration.ofSeconds(60));
        } finally {
            threads.dispose();
            client.shutdown();
        }
    }
}
