package dev.sluice.mock;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI's {@code /v1/embeddings} body: one deterministic unit vector per input (seeded by the input), as floats or
 * as base64 of little-endian float32, in api.openai.com's key order and pretty layout.
 */
final class OpenAiEmbeddings {

  static final int DEFAULT_DIMENSIONS = 1536;
  private static final int MAX_DIMENSIONS = 8192;

  private OpenAiEmbeddings() {
  }

  /** One input: its seed and how many prompt tokens it counts. */
  private record Input(long seed, int tokens) {
  }

  static byte[] render(JsonNode request) {
    List<Input> inputs = inputs(request.path("input"));
    int dimensions = dimensions(request.path("dimensions"));
    boolean base64 = "base64".equals(Json.text(request.path("encoding_format"), "float"));
    String model = Json.text(request.path("model"), "text-embedding-3-small");
    int promptTokens = 0;
    for (Input input : inputs) {
      promptTokens += input.tokens();
    }
    int totalTokens = promptTokens;
    return Json.openAiPretty(g -> {
      g.writeStartObject();
      g.writeStringProperty("object", "list");
      g.writeArrayPropertyStart("data");
      for (int index = 0; index < inputs.size(); index++) {
        float[] vector = vector(inputs.get(index).seed(), dimensions);
        g.writeStartObject();
        g.writeStringProperty("object", "embedding");
        g.writeNumberProperty("index", index);
        if (base64) {
          g.writeStringProperty("embedding", base64(vector));
        } else {
          g.writeArrayPropertyStart("embedding");
          for (float value : vector) {
            g.writeNumber(value);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringProperty("model", model);
      g.writeObjectPropertyStart("usage");
      g.writeNumberProperty("prompt_tokens", totalTokens);
      g.writeNumberProperty("total_tokens", totalTokens);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static int dimensions(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return DEFAULT_DIMENSIONS;
    }
    if (!value.isIntegralNumber() || value.asInt() < 1 || value.asInt() > MAX_DIMENSIONS) {
      throw new MockRequestException("dimensions", "Invalid value for 'dimensions': expected 1 to " + MAX_DIMENSIONS);
    }
    return value.asInt();
  }

  /** A string, an array of strings, an array of token ids, or an array of token-id arrays. */
  private static List<Input> inputs(JsonNode input) {
    List<Input> inputs = new ArrayList<>();
    if (input.isString()) {
      inputs.add(text(input.stringValue()));
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isIntegralNumber()) {
      inputs.add(tokens(input));
    } else if (input.isArray() && !input.isEmpty()) {
      for (JsonNode item : input) {
        if (item.isString()) {
          inputs.add(text(item.stringValue()));
        } else if (item.isArray()) {
          inputs.add(tokens(item));
        } else {
          throw new MockRequestException("input", "'input' items must be strings or arrays of token ids");
        }
      }
    } else {
      throw new MockRequestException("input", "'input' must be a non-empty string or array");
    }
    return inputs;
  }

  private static Input text(String text) {
    return new Input(text.hashCode() * 0x9E3779B97F4A7C15L, Math.max(1, PromptTokens.words(text)));
  }

  private static Input tokens(JsonNode ids) {
    long seed = 17;
    for (JsonNode id : ids) {
      seed = seed * 31 + id.asLong();
    }
    return new Input(seed, ids.size());
  }

  /** A deterministic vector of unit length. */
  static float[] vector(long seed, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] vector = new float[dimensions];
    double sumOfSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      double value = random.nextDouble(-1.0, 1.0);
      vector[i] = (float) value;
      sumOfSquares += value * value;
    }
    double norm = Math.sqrt(sumOfSquares);
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }

  private static String base64(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buffer.array());
  }
}
