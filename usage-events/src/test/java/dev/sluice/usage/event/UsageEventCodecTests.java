package dev.sluice.usage.event;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class UsageEventCodecTests {

    private static final Instant RECEIVED = Instant.parse("2026-11-22T04:29:13.280106733Z");

    private static UsageEvent full() {
        return new UsageEvent(1, UsageEventIds.next(), RECEIVED, RECEIVED.plusMillis(20), RECEIVED.plusMillis(400),
                "req-1", "4bf92f3577b34da6a3ce929d0e0e4736", "acme", "team-a", "user-1", "key_abc", "gpt-4o",
                "openai", "gpt-4o-2024-08-06", true, 200, null, Outcome.COMPLETED,
                new TokenUsage(500, 120, 64, 8, UsageSource.PROVIDER), new BigDecimal("0.0024500000"), "2026.11.01",
                20L, 400L, "end-user", Map.of("feature", "chat", "note", "ünïcode \"quoted\""));
    }

    private static UsageEvent rejected() {
        return new UsageEvent(1, UsageEventIds.next(), RECEIVED, null, RECEIVED, "req-2", null, "acme", null, null,
                null, "gpt-4o", null, null, false, 401, "invalid_api_key", Outcome.REJECTED, TokenUsage.NONE,
                BigDecimal.ZERO, null, null, 0L, null, Map.of());
    }

    private static String json(UsageEvent event) {
        return new String(UsageEventCodec.encode(event), StandardCharsets.UTF_8);
    }

    private static UsageEvent decode(String json) {
        return UsageEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesWhatItEncodes() {
        for (UsageEvent event : new UsageEvent[] {full(), rejected()}) {
            assertThat(decode(json(event))).isEqualTo(event);
        }
    }

    @Test
    void skipsPropertiesAddedLater() {
        String json = json(full());
        String extended = json.replace("\"tenant\":", "\"region\":{\"name\":\"eu\",\"zones\":[1,{\"a\":null}]},"
                + "\"tags\":[\"x\"],\"tenant\":").replace("\"source\":", "\"reasoning_tokens\":7,\"source\":");
        assertThat(decode(extended)).isEqualTo(decode(json));
    }

    @Test
    void rejectsWhatTheSchemaDoesNotAllow() {
        String json = json(full());
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"schema_version\":1", "\"schema_version\":2")))
                .withMessageContaining("schema_version 2");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"tenant\":\"acme\",", "")))
                .withMessageContaining("missing property tenant");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",", "")))
                .withMessageContaining("missing property trace_id");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"cached_tokens\":64,", "")))
                .withMessageContaining("missing property usage.cached_tokens");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"tenant\":\"acme\"", "\"tenant\":null")))
                .withMessageContaining("tenant must be a string");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"http_status\":200", "\"http_status\":\"200\"")))
                .withMessageContaining("http_status must be an integer");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"latency_ms\":400", "\"latency_ms\":null")))
                .withMessageContaining("latency_ms must be an integer");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"streamed\":true", "\"streamed\":1")))
                .withMessageContaining("streamed must be a boolean");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("COMPLETED", "DONE")));
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"prompt_tokens\":500", "\"prompt_tokens\":-1")))
                .withMessageContaining("negative");
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("2026-11-22T04:29:13.280106733Z", "2026-02-30T04:29:13Z")));
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.replace("\"event_id\":\"", "\"event_id\":\"x")));
        assertThatIllegalArgumentException().isThrownBy(() -> decode(json.substring(0, json.length() / 2)));
        assertThatIllegalArgumentException().isThrownBy(() -> decode("[1,2]")).withMessageContaining("must be a JSON object");
        assertThatIllegalArgumentException().isThrownBy(() -> decode("")).withMessageContaining("malformed");
    }

    @Test
    void readsInstantsInEveryIsoForm() {
        assertThat(UsageEventReader.instant("2026-11-22T04:29:13Z")).isEqualTo(Instant.parse("2026-11-22T04:29:13Z"));
        for (String fraction : new String[] {"1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789"}) {
            String text = "2026-11-22T04:29:13." + fraction + "Z";
            assertThat(UsageEventReader.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
        assertThat(UsageEventReader.instant("2024-02-29T23:59:59.5Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.5Z"));
        assertThat(UsageEventReader.instant("2026-11-22T05:29:13.25+01:00")).isEqualTo(Instant.parse("2026-11-22T04:29:13.25Z"));
        assertThat(UsageEventReader.instant("1969-12-31T23:59:59Z")).isEqualTo(Instant.ofEpochSecond(-1));
    }
}
