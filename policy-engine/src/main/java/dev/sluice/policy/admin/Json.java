package dev.sluice.policy.admin;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static Map<String, Object> metadataObject(String json) {
        return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
        });
    }
}
