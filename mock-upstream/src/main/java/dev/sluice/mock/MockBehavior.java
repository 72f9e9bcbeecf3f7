package dev.sluice.mock;

import java.time.Duration;
import java.util.Objects;

/**
 * How the mock behaves for one request.
 *
 * @param timeToFirstToken delay before the first frame of a stream (and part of the delay of a whole response)
 * @param tokens content tokens to generate (before {@code max_tokens} caps them)
 * @param interTokenDelay delay between two content tokens
 * @param errorRate fraction of requests the server fails with 500 (0.0 to 1.0)
 * @param failAfterTokens the stream fails after this many content tokens; -1 = never
 */
public record MockBehavior(Duration timeToFirstToken, int tokens, Duration interTokenDelay, double errorRate,
                           int failAfterTokens) {

  public MockBehavior {
    Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
    Objects.requireNonNull(interTokenDelay, "interTokenDelay");
    if (timeToFirstToken.isNegative() || interTokenDelay.isNegative()) {
      throw new IllegalArgumentException("delays must not be negative");
    }
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must not be negative: " + tokens);
    }
    if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
      throw new IllegalArgumentException("errorRate must be within [0, 1]: " + errorRate);
    }
    if (failAfterTokens < -1) {
      throw new IllegalArgumentException("failAfterTokens must be -1 (never) or >= 0: " + failAfterTokens);
    }
  }

  /** No delays, 16 tokens, no errors, never fails. */
  public static MockBehavior defaults() {
    return new MockBehavior(Duration.ZERO, 16, Duration.ZERO, 0.0, -1);
  }

  public MockBehavior withTimeToFirstToken(Duration value) {
    return new MockBehavior(value, tokens, interTokenDelay, errorRate, failAfterTokens);
  }

  public MockBehavior withTokens(int value) {
    return new MockBehavior(timeToFirstToken, value, interTokenDelay, errorRate, failAfterTokens);
  }

  public MockBehavior withInterTokenDelay(Duration value) {
    return new MockBehavior(timeToFirstToken, tokens, value, errorRate, failAfterTokens);
  }

  public MockBehavior withErrorRate(double value) {
    return new MockBehavior(timeToFirstToken, tokens, interTokenDelay, value, failAfterTokens);
  }

  public MockBehavior withFailAfterTokens(int value) {
    return new MockBehavior(timeToFirstToken, tokens, interTokenDelay, errorRate, value);
  }

  /** True when the generator must wait at all (lets the zero-delay path skip timers). */
  boolean hasDelays() {
    return !timeToFirstToken.isZero() || !interTokenDelay.isZero();
  }
}
