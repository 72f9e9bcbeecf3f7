package dev.sluice.mock;

import java.util.List;

/** OpenAI's {@code /v1/models} list body. */
final class OpenAiModels {

  /** A fixed creation time, so the body is byte-stable. */
  private static final long CREATED = 1_700_000_000L;

  private OpenAiModels() {
  }

  static byte[] render(List<String> ids) {
    return Json.openAiPretty(g -> {
      g.writeStartObject();
      g.writeStringProperty("object", "list");
      g.writeArrayPropertyStart("data");
      for (String id : ids) {
        g.writeStartObject();
        g.writeStringProperty("id", id);
        g.writeStringProperty("object", "model");
        g.writeNumberProperty("created", CREATED);
        g.writeStringProperty("owned_by", "sluice-mock");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }
}
