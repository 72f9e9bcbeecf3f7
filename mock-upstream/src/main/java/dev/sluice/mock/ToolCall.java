package dev.sluice.mock;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tool call the mock answers with: the chosen tool's name and arguments made up from its JSON schema, and the
 * arguments cut into the fragments a stream sends (split mid-token, as the real APIs do).
 */
record ToolCall(String name, String arguments, List<String> fragments) {

  private static final int FRAGMENT_CHARS = 5;

  static ToolCall of(String name, JsonNode schema) {
    String arguments = Json.MAPPER.writeValueAsString(valueFor(schema));
    return new ToolCall(name, arguments, split(arguments));
  }

  /** OpenAI: {@code tools[]} of type function unless {@code tool_choice} is "none"; a named choice wins. */
  static @Nullable ToolCall fromOpenAi(JsonNode request) {
    JsonNode tools = request.path("tools");
    JsonNode choice = request.path("tool_choice");
    if (!tools.isArray() || "none".equals(Json.text(choice, ""))) {
      return null;
    }
    String wanted = Json.text(choice.path("function").path("name"), "");
    JsonNode chosen = null;
    for (JsonNode tool : tools) {
      JsonNode function = tool.path("function");
      if (!function.isObject()) {
        continue;
      }
      if (chosen == null) {
        chosen = function;
      }
      if (!wanted.isEmpty() && wanted.equals(Json.text(function.path("name"), ""))) {
        chosen = function;
        break;
      }
    }
    return chosen == null ? null : of(Json.text(chosen.path("name"), "tool"), chosen.path("parameters"));
  }

  /** Anthropic: {@code tools[]} unless {@code tool_choice.type} is "none"; {@code type: tool} names the tool. */
  static @Nullable ToolCall fromAnthropic(JsonNode request) {
    JsonNode tools = request.path("tools");
    JsonNode choice = request.path("tool_choice");
    if (!tools.isArray() || tools.isEmpty() || "none".equals(Json.text(choice.path("type"), ""))) {
      return null;
    }
    String wanted = Json.text(choice.path("name"), "");
    JsonNode chosen = tools.get(0);
    for (JsonNode tool : tools) {
      if (!wanted.isEmpty() && wanted.equals(Json.text(tool.path("name"), ""))) {
        chosen = tool;
        break;
      }
    }
    return of(Json.text(chosen.path("name"), "tool"), chosen.path("input_schema"));
  }

  /** A deterministic value that satisfies the simple cases of a JSON schema. */
  private static JsonNode valueFor(JsonNode schema) {
    JsonNode enumValues = schema.path("enum");
    if (enumValues.isArray() && !enumValues.isEmpty()) {
      return enumValues.get(0);
    }
    String type = schema.path("type").isArray() ? Json.text(schema.path("type").path(0), "object")
        : Json.text(schema.path("type"), schema.has("properties") ? "object" : "string");
    return switch (type) {
      case "object" -> objectFor(schema);
      case "array" -> arrayFor(schema);
      case "integer" -> Json.MAPPER.getNodeFactory().numberNode(42);
      case "number" -> Json.MAPPER.getNodeFactory().numberNode(4.2);
      case "boolean" -> Json.MAPPER.getNodeFactory().booleanNode(true);
      case "null" -> Json.MAPPER.getNodeFactory().nullNode();
      default -> Json.MAPPER.getNodeFactory().stringNode("Sluice");
    };
  }

  private static ObjectNode objectFor(JsonNode schema) {
    ObjectNode object = Json.MAPPER.createObjectNode();
    for (var property : schema.path("properties").properties()) {
      object.set(property.getKey(), valueFor(property.getValue()));
    }
    return object;
  }

  private static ArrayNode arrayFor(JsonNode schema) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    if (schema.path("items").isObject()) {
      array.add(valueFor(schema.path("items")));
    }
    return array;
  }

  /** Cuts text into pieces of a few characters, never between the two halves of a surrogate pair. */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>(text.length() / FRAGMENT_CHARS + 1);
    int start = 0;
    while (start < text.length()) {
      int end = Math.min(text.length(), start + FRAGMENT_CHARS);
      if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
        end++;
      }
      pieces.add(text.substring(start, end));
      start = end;
    }
    return List.copyOf(pieces);
  }
}
