package dev.sluice.mock;

import java.io.Serial;

/** A request the mock cannot answer; the server renders it as a 400 {@code invalid_request_error}. */
final class MockRequestException extends IllegalArgumentException {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String param;

  MockRequestException(String param, String message) {
    super(message);
    this.param = param;
  }

  String param() {
    return param;
  }
}
