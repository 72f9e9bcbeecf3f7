package dev.sluice.usage.event;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link UsageEventCodec} writes is valid against the published {@code docs/usage-event.schema.json}. */
class UsageEventSchemaTests {

    static final Path SCHEMA = Path.of("..", "docs", "usage-event.schema.json");

    private final JsonSchema schema = load();

    @Test
    void aFullEventIsValid() {
        Instant at = Instant.parse("2026-11-22T01:45:59.795207841Z");
        UsageEvent event = new UsageEvent(1, UsageEventIds.next(), at, at.plusMillis(120), at.plusMillis(900), "req-1",
                "4bf92f3577b34da6a3ce929d0e0e4736", "acme", "search", "u-7", "key_01", "gpt-4o", "openai",
                "gpt-4o-2024-08-06", true, 200, null, Outcome.COMPLETED,
                new TokenUsage(1200, 300, 1024, 0, UsageSource.PROVIDER), new BigDecimal("0.0041500000"),
                "2026.11.01", 120L, 900, "end-user-42", Map.of("feature", "chat"));
        assertThat(errors(UsageEventCodec.encode(event))).isEmpty();
    }

    @Test
    void aRejectedEventWithEveryOptionalFieldNullIsValid() {
        Instant at = Instant.now();
        UsageEvent event = new UsageEvent(1, UsageEventIds.next(), at, null, at, "req-2", null, "anonymous", null, null,
                null, "unknown-model", null, null, false, 401, "invalid_api_key", Outcome.REJECTED, TokenUsage.NONE,
                BigDecimal.ZERO, null, null, 0, null, Map.of());
        assertThat(errors(UsageEventCodec.encode(event))).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatConsumersMustNotAccept() {
        Instant at = Instant.now();
        UsageEvent event = new UsageEvent(1, UsageEventIds.next(), at, null, at, "req-3", null, "acme", null, null,
                null, "gpt-4o", null, null, false, 200, null, Outcome.COMPLETED, TokenUsage.NONE, BigDecimal.ONE, null,
                null, 5, null, Map.of());
        String json = new String(UsageEventCodec.encode(event), StandardCharsets.UTF_8);
        assertThat(errors(json.replace("\"schema_version\":1", "\"schema_version\":2"))).isNotEmpty();
        assertThat(errors(json.replace("\"tenant\":\"acme\",", ""))).isNotEmpty();
        assertThat(errors(json.replace("\"outcome\":\"COMPLETED\"", "\"outcome\":\"DONE\""))).isNotEmpty();
        assertThat(errors(json.replace(event.eventId().toString(), "not-a-uuid"))).isNotEmpty();
    }

    private Set<ValidationMessage> errors(byte[] json) {
        return errors(new String(json, StandardCharsets.UTF_8));
    }

    private Set<ValidationMessage> errors(String json) {
        return schema.validate(json, InputFormat.JSON);
    }

    static JsonSchema load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(SCHEMA)) {
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA.toAbsolutePath(), e);
        }
    }
}
