package dev.sluice.policy.store;

import dev.sluice.policy.rules.Limits;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/** Limits and metadata are stored as JSON text. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static Limits limits(String json) {
        return MAPPER.readValue(json, Limits.class);
    }

    static Map<String, String> metadata(String json) {
        return MAPPER.readValue(json, new TypeReference<Map<String, String>>() {
        });
    }
}
