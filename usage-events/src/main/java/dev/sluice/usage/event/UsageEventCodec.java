package dev.sluice.usage.event;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;

/**
 * JSON encoding of {@link UsageEvent} as published on the topic. Instants are ISO-8601 strings,
 * unknown fields are ignored on read so that adding optional fields stays compatible.
 */
public final class UsageEventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private UsageEventCodec() {
    }

    public static byte[] encode(UsageEvent event) {
        return MAPPER.writeValueAsBytes(event);
    }

    /**
     * Decodes an event with {@link UsageEventReader} (the schema's rules, unknown properties skipped); throws {@link IllegalArgumentException} for malformed JSON, missing required
     * fields or a schema version other than {@link UsageEvent#SCHEMA_VERSION}.
     */
    public static UsageEvent decode(byte[] json) {
        UsageEvent event;
        try {
            event = UsageEventReader.read(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed usage event: " + e.getMessage(), e);
        }
        if (event.schemaVersion() != UsageEvent.SCHEMA_VERSION) {
            throw new IllegalArgumentException("unknown usage event schema_version " + event.schemaVersion());
        }
        return event;
    }
}
