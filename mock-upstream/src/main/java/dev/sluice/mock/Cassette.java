package dev.sluice.mock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A recorded response served verbatim: a {@code .sse} body (split into its events, whose concatenation is the file)
 * or the {@code response} of a {@code {request,response}} {@code .json} exchange.
 */
record Cassette(int status, String contentType, List<byte[]> events, boolean streaming) {

  static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

  static Cassette parse(String name, byte[] file) {
    if (name.endsWith(".sse")) {
      return new Cassette(200, EVENT_STREAM, splitEvents(file), true);
    }
    if (name.endsWith(".json")) {
      JsonNode response = Json.MAPPER.readTree(file).path("response");
      if (!response.isObject()) {
        throw new MockRequestException(ControlHeaders.CASSETTE, "cassette has no response: " + name);
      }
      JsonNode body = response.path("body");
      byte[] bytes = body.isString() ? Json.utf8(body.stringValue()) : Json.MAPPER.writeValueAsBytes(body);
      return new Cassette(response.path("status").asInt(200), contentType(response.path("headers")),
          List.of(bytes), false);
    }
    throw new MockRequestException(ControlHeaders.CASSETTE, "cassette must be a .sse or .json file: " + name);
  }

  private static String contentType(JsonNode headers) {
    for (Map.Entry<String, JsonNode> header : headers.properties()) {
      if (header.getKey().equalsIgnoreCase("content-type")) {
        JsonNode value = header.getValue();
        return Json.text(value.isArray() ? value.path(0) : value, "application/json");
      }
    }
    return "application/json";
  }

  /** Cuts after every blank line ({@code \n\n}); the pieces concatenate to the input exactly. */
  static List<byte[]> splitEvents(byte[] body) {
    List<byte[]> events = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < body.length; i++) {
      if (body[i] == '\n' && body[i - 1] == '\n') {
        events.add(java.util.Arrays.copyOfRange(body, start, i + 1));
        start = i + 1;
      }
    }
    if (start < body.length) {
      events.add(java.util.Arrays.copyOfRange(body, start, body.length));
    }
    return List.copyOf(events);
  }

  /** The events as a frame script: every event paced like a token. */
  FrameScript script() {
    return new FrameScript() {
      @Override
      int preludeSize() {
        return 0;
      }

      @Override
      int tokenCount() {
        return events.size();
      }

      @Override
      int trailerSize() {
        return 0;
      }

      @Override
      byte[] prelude(int i) {
        throw new IndexOutOfBoundsException(i);
      }

      @Override
      byte[] token(int k) {
        return events.get(k);
      }

      @Override
      byte[] trailer(int j) {
        throw new IndexOutOfBoundsException(j);
      }
    };
  }
}
