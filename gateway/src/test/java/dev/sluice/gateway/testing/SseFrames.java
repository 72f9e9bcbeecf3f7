package dev.sluice.gateway.testing;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/** Reads an OpenAI SSE body as a client would: the JSON of each {@code data:} event, and whether it ended with [DONE]. */
public record SseFrames(List<JsonNode> chunks, boolean done, String raw) {

    public static SseFrames parse(String body) {
        List<JsonNode> chunks = new ArrayList<>();
        boolean done = false;
        for (String event : body.split("\n\n")) {
            if (!event.startsWith("data: ")) {
                continue;
            }
            String data = event.substring(6);
            if (data.equals("[DONE]")) {
                done = true;
            } else {
                chunks.add(JsonMapper.shared().readTree(data));
            }
        }
        return new SseFrames(chunks, done, body);
    }

    /** The concatenated {@code delta.content} of every chunk. */
    public String content() {
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asString("")));
        return text.toString();
    }

    public JsonNode last() {
        return chunks.getLast();
    }
}
