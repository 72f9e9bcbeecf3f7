package dev.sluice.mock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Test helpers: recorded cassettes, SSE parsing and the "shape" (ordered key paths) of JSON. */
final class Wire {

  /** One SSE event: its {@code event:} name (or null) and its {@code data:} payload. */
  record Event(String name, String data) {
    JsonNode json() {
      return Json.MAPPER.readTree(data);
    }
  }

  private Wire() {
  }

  static byte[] resource(String name) {
    try (InputStream in = Wire.class.getClassLoader().getResourceAsStream("cassettes/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no cassette " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Parses a whole SSE body into events. */
  static List<Event> events(String body) {
    List<Event> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      if (block.isBlank()) {
        continue;
      }
      String name = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          name = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      events.add(new Event(name, data.toString()));
    }
    return events;
  }

  /** Collects a frame stream into its frames as strings (a test helper; blocks with a time limit). */
  static List<String> frames(Flux<byte[]> stream) {
    return stream.map(Wire::text).collectList().block(java.time.Duration.ofSeconds(5));
  }

  /** The recorded response body of a {@code {request,response}} JSON cassette. */
  static JsonNode recordedBody(String name) {
    return Json.MAPPER.readTree(Json.MAPPER.readTree(resource(name)).path("response").path("body").stringValue());
  }

  /**
   * Every key path in document order, e.g. {@code choices[].delta.role}; arrays contribute their first element.
   * Keys in {@code ignored} (e.g. OpenAI's random {@code obfuscation} padding) are left out.
   */
  static List<String> shape(JsonNode node, String... ignored) {
    List<String> paths = new ArrayList<>();
    collect(node, "", paths, List.of(ignored));
    return paths;
  }

  private static void collect(JsonNode node, String prefix, List<String> paths, List<String> ignored) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (ignored.contains(entry.getKey())) {
          continue;
        }
        String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
        paths.add(path);
        collect(entry.getValue(), path, paths, ignored);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      collect(node.get(0), prefix + "[]", paths, ignored);
    }
  }
}
