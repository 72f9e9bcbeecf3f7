package dev.sluice.mock;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The per-request {@code x-mock-*} headers, applied over the server's default behaviour.
 *
 * @param status answer this status with the API's error body (0 = no override)
 * @param headersDelay wait this long before sending the response headers at all
 * @param cassette serve this recorded file verbatim, or null
 */
record ControlHeaders(MockBehavior behavior, int status, Duration headersDelay, @Nullable String cassette) {

  static final String TTFT_MS = "x-mock-ttft-ms";
  static final String TOKENS = "x-mock-tokens";
  static final String DELAY_MS = "x-mock-delay-ms";
  static final String FAIL_AFTER = "x-mock-fail-after";
  static final String STATUS = "x-mock-status";
  static final String HEADERS_DELAY_MS = "x-mock-headers-delay-ms";
  static final String CASSETTE = "x-mock-cassette";
  static final String ERROR_RATE = "x-mock-error-rate";

  /** Reads the headers (names in lower case); a malformed value is a {@link MockRequestException}. */
  static ControlHeaders parse(Map<String, String> headers, MockBehavior defaults) {
    MockBehavior behavior = defaults;
    String value;
    if ((value = headers.get(TTFT_MS)) != null) {
      behavior = behavior.withTimeToFirstToken(Duration.ofMillis(number(TTFT_MS, value)));
    }
    if ((value = headers.get(TOKENS)) != null) {
      behavior = behavior.withTokens(number(TOKENS, value));
    }
    if ((value = headers.get(DELAY_MS)) != null) {
      behavior = behavior.withInterTokenDelay(Duration.ofMillis(number(DELAY_MS, value)));
    }
    if ((value = headers.get(FAIL_AFTER)) != null) {
      behavior = behavior.withFailAfterTokens(number(FAIL_AFTER, value));
    }
    if ((value = headers.get(ERROR_RATE)) != null) {
      behavior = behavior.withErrorRate(fraction(value));
    }
    int status = (value = headers.get(STATUS)) == null ? 0 : number(STATUS, value);
    if (status != 0 && (status < 200 || status > 599)) {
      throw new MockRequestException(STATUS, STATUS + " must be an HTTP status: " + value);
    }
    Duration headersDelay = (value = headers.get(HEADERS_DELAY_MS)) == null ? Duration.ZERO
        : Duration.ofMillis(number(HEADERS_DELAY_MS, value));
    return new ControlHeaders(behavior, status, headersDelay, headers.get(CASSETTE));
  }

  private static int number(String name, String value) {
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < -1) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new MockRequestException(name, name + " must be a non-negative integer: " + value);
    }
  }

  private static double fraction(String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new MockRequestException(ERROR_RATE, ERROR_RATE + " must be a number: " + value);
    }
  }
}
