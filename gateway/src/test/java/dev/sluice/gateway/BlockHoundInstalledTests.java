package dev.sluice.gateway;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import java.time.Duration;

/** Proves BlockHound is installed in this test JVM: a blocking call on a non-blocking thread fails. */
class BlockHoundInstalledTests {

    @Test
    void blockingOnANonBlockingThreadIsAnError() {
        Mono<String> blocking = Mono.fromCallable(() -> {
            Thread.sleep(1);
            return "slept";
        }).subscribeOn(Schedulers.parallel());

        StepVerifier.create(blocking)
                .expectErrorMatches(e -> e.getClass().getName().equals("reactor.blockhound.BlockingOperationError"))
                .verify(Duration.ofSeconds(5));
    }
}
