package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.upstream.SseEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded exchanges under {@code src/test/resources/cassettes/} (see /work/shared/wire/README.md). */
final class Cassettes {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Cassettes() {
    }

    static String text(String path) {
        try (InputStream in = Cassettes.class.getResourceAsStream("/cassettes/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("No cassette " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code *.json} exchange: {@code {_source, request, response}}. */
    static JsonNode exchange(String path) {
        return JSON.readTree(text(path));
    }

    static byte[] responseBody(String path) {
        return exchange(path).path("response").path("body").stringValue().getBytes(StandardCharsets.UTF_8);
    }

    static int responseStatus(String path) {
        return exchange(path).path("response").path("status").asInt();
    }

    static ObjectNode requestBody(String path) {
        return (ObjectNode) JSON.readTree(exchange(path).path("request").path("body").stringValue());
    }

    /**
     * Splits a raw SSE body into events: blank-line separated, {@code event:} and {@code data:} fields (one optional
     * space after the colon is not part of the value), several data lines joined by {@code \n}.
     */
    static List<SseEvent> sse(String path) {
        String body = text(path).replace("\r\n", "\n");
        List<SseEvent> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            boolean hasData = false;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    event = value(line, "event:");
                } else if (line.startsWith("data:")) {
                    if (hasData) {
                        data.append('\n');
                    }
                    data.append(value(line, "data:"));
                    hasData = true;
                }
            }
            events.add(new SseEvent(event, data.toString().getBytes(StandardCharsets.UTF_8),
                    (block + "\n\n").getBytes(StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static String value(String line, String field) {
        String value = line.substring(field.length());
        return value.startsWith(" ") ? value.substring(1) : value;
    }
}
