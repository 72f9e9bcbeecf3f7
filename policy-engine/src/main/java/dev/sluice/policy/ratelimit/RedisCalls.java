package dev.sluice.policy.ratelimit;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Redis commands on the hot path, each one a {@link Mono} that sends the command when subscribed and fails with
 * {@link RedisCommandTimeoutException} when Redis does not answer within the timeout.
 *
 * <p>Lettuce's asynchronous API and its own timer wheel, rather than its reactive API with Reactor's
 * {@code timeout(Duration)}: per call, the reactive path builds a {@code RedisPublisher} state machine, a
 * {@code MonoDelay} on the parallel scheduler, and a timeout description that walks the operator chain for a name
 * (together about 5 % of the full path's CPU in the profile, docs/benchmarks.md). Here a call is one future and one
 * entry in a {@link io.netty.util.HashedWheelTimer} (a lock-free queue add, cancelled the same way on the answer). The
 * wheel ticks every 100 ms, so a timeout fires up to one tick late. Cancelling the {@code Mono} cancels the command.
 */
final class RedisCalls {

    private final RedisAsyncCommands<String, String> commands;
    private final Timer timer;
    private final long timeoutNanos;
    private final String timeoutMessage;

    RedisCalls(StatefulRedisConnection<String, String> connection, Duration timeout) {
        this.commands = connection.async();
        this.timer = connection.getResources().timer();
        this.timeoutNanos = timeout.toNanos();
        this.timeoutMessage = "Redis did not answer within " + timeout.toMillis() + " ms";
        // starts the wheel's worker here, off any event loop (its first use waits for the worker to start)
        timer.newTimeout(t -> { }, 1, TimeUnit.MILLISECONDS).cancel();
    }

    RedisAsyncCommands<String, String> commands() {
        return commands;
    }

    <T> Mono<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        return Mono.fromFuture(() -> bounded(command.apply(commands).toCompletableFuture()), false);
    }

    private <T> CompletableFuture<T> bounded(CompletableFuture<T> answer) {
        if (answer.isDone()) {
            return answer;
        }
        // The timeout surfaces on Reactor's parallel scheduler, as Reactor's own timeout did: what follows it
        // (fail-open admission, the upstream call) must not run on, and hold up, the wheel's single thread.
        Timeout timeout = timer.newTimeout(t -> Schedulers.parallel().schedule(
                        () -> answer.completeExceptionally(new RedisCommandTimeoutException(timeoutMessage))),
                timeoutNanos, TimeUnit.NANOSECONDS);
        answer.whenComplete((result, error) -> timeout.cancel());
        return answer;
    }
}
