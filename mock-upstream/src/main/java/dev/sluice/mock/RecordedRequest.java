package dev.sluice.mock;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One request as the mock server received it.
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path the request URI as sent: path plus query string, e.g. {@code /v1/messages?beta=true}
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body the raw body (empty when there was none)
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, byte[] body) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
