package dev.sluice.mock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper and the three layouts the real APIs use on the wire. */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Compact, as Anthropic and every SSE {@code data:} line. */
  private static final ObjectWriter COMPACT = MAPPER.writer();
  /** OpenAI's non-stream bodies: 2-space indent, {@code "key": value}, empty arrays as {@code []}. */
  private static final ObjectWriter PRETTY_2 = MAPPER.writer().with(prettyPrinter("  "));
  /** OpenAI's error bodies: 4-space indent. */
  private static final ObjectWriter PRETTY_4 = MAPPER.writer().with(prettyPrinter("    "));

  private static final byte[] NEWLINE = {'\n'};

  private Json() {
  }

  private static DefaultPrettyPrinter prettyPrinter(String indent) {
    Separators separators = Separators.createDefaultInstance()
        .withObjectNameValueSpacing(Separators.Spacing.AFTER)
        .withObjectEmptySeparator("")
        .withArrayEmptySeparator("");
    DefaultIndenter indenter = new DefaultIndenter(indent, "\n");
    return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
  }

  /** Writes compact JSON. */
  static byte[] compact(Consumer<JsonGenerator> body) {
    return write(COMPACT, body, false);
  }

  /** Writes OpenAI's pretty layout (2-space indent) with a trailing newline, as api.openai.com does. */
  static byte[] openAiPretty(Consumer<JsonGenerator> body) {
    return write(PRETTY_2, body, true);
  }

  /** Writes OpenAI's error layout (4-space indent) with a trailing newline. */
  static byte[] openAiErrorPretty(Consumer<JsonGenerator> body) {
    return write(PRETTY_4, body, true);
  }

  private static byte[] write(ObjectWriter writer, Consumer<JsonGenerator> body, boolean trailingNewline) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator generator = writer.createGenerator(out)) {
      body.accept(generator);
    }
    if (trailingNewline) {
      out.writeBytes(NEWLINE);
    }
    return out.toByteArray();
  }

  /** A JSON string literal, quotes included. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(value, sb);
    return sb.append('"').toString();
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** The node's string value, or {@code fallback} when it is missing, null or not a string. */
  static String text(JsonNode node, String fallback) {
    return node.isString() ? node.stringValue() : fallback;
  }

  /** Concatenates byte fragments into one new array. */
  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] result = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, result, at, part.length);
      at += part.length;
    }
    return result;
  }
}
