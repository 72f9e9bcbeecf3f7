package dev.sluice.mock;

import java.time.Duration;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Turns a frame script into a timed stream: ttft before the first frame, the inter-token delay between tokens. */
final class StreamPacing {

  private StreamPacing() {
  }

  static Flux<byte[]> pace(FrameScript script, MockBehavior behavior) {
    boolean fails = behavior.failAfterTokens() >= 0;
    int tokensBeforeFailure = fails ? Math.min(behavior.failAfterTokens(), script.tokenCount()) : script.tokenCount();
    int frames = fails ? script.preludeSize() + tokensBeforeFailure : script.size();
    Flux<byte[]> stream = behavior.hasDelays()
        ? Flux.range(0, frames).concatMap(i -> delayed(script, i, behavior))
        : Flux.range(0, frames).map(script::frame);
    return fails ? stream.concatWith(Mono.error(() -> new MockStreamFailure(tokensBeforeFailure))) : stream;
  }

  private static Mono<byte[]> delayed(FrameScript script, int i, MockBehavior behavior) {
    Duration delay = i == 0 ? behavior.timeToFirstToken()
        : script.tokenAt(i) > 0 ? behavior.interTokenDelay() : Duration.ZERO;
    return delay.isZero() ? Mono.fromSupplier(() -> script.frame(i)) : Mono.delay(delay).map(tick -> script.frame(i));
  }

  /** A whole response, sent after ttft plus one inter-token delay per token (or failing part-way). */
  static Mono<byte[]> whole(int tokens, MockBehavior behavior, java.util.function.Supplier<byte[]> body) {
    boolean fails = behavior.failAfterTokens() >= 0;
    int paced = fails ? Math.min(behavior.failAfterTokens(), tokens) : tokens;
    Duration delay = behavior.timeToFirstToken().plus(behavior.interTokenDelay().multipliedBy(paced));
    Mono<byte[]> result = fails ? Mono.error(() -> new MockStreamFailure(paced)) : Mono.fromSupplier(body);
    return delay.isZero() ? result : Mono.delay(delay).then(result);
  }
}
