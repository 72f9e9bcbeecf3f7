package dev.sluice.usage.event;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads one {@link UsageEvent} from its JSON with Jackson's streaming parser, property by property: several times
 * faster than data binding into the record (which dominated the pipeline's profile), with the published schema's
 * rules: every property present (the nullable ones may be {@code null}), JSON types as the schema gives them,
 * unknown properties skipped. Timestamps in the form the gateway writes ({@code 2026-11-22T04:29:13.280106733Z})
 * take a fast path; any other ISO-8601 instant or offset date-time is parsed by {@code java.time}.
 */
final class UsageEventReader {

    /** Thread-local buffer recycling: the readers are platform threads (Kafka consumers), not virtual ones. */
    private static final JsonFactory JSON = JsonFactory.builder().recyclerPool(JsonRecyclerPools.threadLocalPool()).build();
    private static final int ALL_PROPERTIES = (1 << 25) - 1;
    private static final int ALL_USAGE_PROPERTIES = (1 << 5) - 1;

    private UsageEventReader() {
    }

    /** Throws {@link IllegalArgumentException} for anything the schema does not allow. */
    static UsageEvent read(byte[] json) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the event");
            return readEvent(p);
        } catch (tools.jackson.core.JacksonException | DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (NullPointerException e) { // a required value the record refuses
            throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
        }
    }

    /** The properties in the order the gateway writes them: matched as raw bytes while the order holds. */
    private static final String[] EVENT_PROPERTIES = {"schema_version", "event_id", "received_at", "first_token_at",
            "completed_at", "request_id", "trace_id", "tenant", "team", "user", "key_id", "model", "provider",
            "upstream_model", "streamed", "http_status", "error_code", "outcome", "usage", "cost_usd", "price_version",
            "time_to_first_token_ms", "latency_ms", "client_user", "metadata"};
    private static final SerializableString[] EVENT_NAMES = serialized(EVENT_PROPERTIES);
    private static final Map<String, Integer> EVENT_INDEX = index(EVENT_PROPERTIES);
    private static final String[] USAGE_PROPERTIES = {"prompt_tokens", "completion_tokens", "cached_tokens",
            "cache_write_tokens", "source"};

    private static UsageEvent readEvent(JsonParser p) {
        EventFields f = new EventFields();
        int seen = 0;
        int expected = 0;
        while (true) {
            int index;
            if (expected < EVENT_NAMES.length && p.nextName(EVENT_NAMES[expected])) {
                index = expected;
            } else if (p.currentToken() == JsonToken.PROPERTY_NAME) {
                index = EVENT_INDEX.getOrDefault(p.currentName(), -1);
            } else {
                break; // END_OBJECT
            }
            JsonToken t = p.nextToken();
            if (index < 0) {
                p.skipChildren(); // a property added after this reader: ignored, as the schema allows
                continue;
            }
            f.read(index, p, t);
            seen |= 1 << index;
            expected = index + 1;
        }
        if (seen != ALL_PROPERTIES) {
            throw new IllegalArgumentException("missing property " + missing(seen, EVENT_PROPERTIES));
        }
        return f.event();
    }

    /** The values read so far; one per event read. */
    private static final class EventFields {
        int schemaVersion;
        @Nullable UUID eventId;
        @Nullable Instant receivedAt;
        @Nullable Instant firstTokenAt;
        @Nullable Instant completedAt;
        @Nullable String requestId;
        @Nullable String traceId;
        @Nullable String tenant;
        @Nullable String team;
        @Nullable String user;
        @Nullable String keyId;
        @Nullable String model;
        @Nullable String provider;
        @Nullable String upstreamModel;
        boolean streamed;
        int httpStatus;
        @Nullable String errorCode;
        @Nullable Outcome outcome;
        @Nullable TokenUsage usage;
        @Nullable BigDecimal costUsd;
        @Nullable String priceVersion;
        @Nullable Long timeToFirstTokenMs;
        long latencyMs;
        @Nullable String clientUser;
        @Nullable Map<String, String> metadata;

        void read(int index, JsonParser p, JsonToken t) {
            String name = EVENT_PROPERTIES[index];
            switch (index) {
                case 0 -> schemaVersion = intValue(p, t, name);
                case 1 -> eventId = UUID.fromString(string(p, t, name));
                case 2 -> receivedAt = instant(string(p, t, name));
                case 3 -> firstTokenAt = instantOrNull(p, t, name);
                case 4 -> completedAt = instant(string(p, t, name));
                case 5 -> requestId = string(p, t, name);
                case 6 -> traceId = stringOrNull(p, t, name);
                case 7 -> tenant = string(p, t, name);
                case 8 -> team = stringOrNull(p, t, name);
                case 9 -> user = stringOrNull(p, t, name);
                case 10 -> keyId = stringOrNull(p, t, name);
                case 11 -> model = string(p, t, name);
                case 12 -> provider = stringOrNull(p, t, name);
                case 13 -> upstreamModel = stringOrNull(p, t, name);
                case 14 -> streamed = bool(t, name);
                case 15 -> httpStatus = intValue(p, t, name);
                case 16 -> errorCode = stringOrNull(p, t, name);
                case 17 -> outcome = Outcome.valueOf(string(p, t, name));
                case 18 -> usage = readUsage(p, t);
                case 19 -> costUsd = decimal(p, t, name);
                case 20 -> priceVersion = stringOrNull(p, t, name);
                case 21 -> timeToFirstTokenMs = longOrNull(p, t, name);
                case 22 -> latencyMs = longValue(p, t, name);
                case 23 -> clientUser = stringOrNull(p, t, name);
                case 24 -> metadata = readMetadata(p, t);
                default -> throw new IllegalStateException("no property " + index);
            }
        }

        // Every property was seen; the record rejects the nulls it does not allow.
        UsageEvent event() {
            return new UsageEvent(schemaVersion, eventId, receivedAt, firstTokenAt, completedAt, requestId, traceId,
                    tenant, team, user, keyId, model, provider, upstreamModel, streamed, httpStatus, errorCode,
                    outcome, usage, costUsd, priceVersion, timeToFirstTokenMs, latencyMs, clientUser, metadata);
        }
    }

    private static SerializableString[] serialized(String[] names) {
        SerializableString[] serialized = new SerializableString[names.length];
        for (int i = 0; i < names.length; i++) {
            serialized[i] = new SerializedString(names[i]);
        }
        return serialized;
    }

    private static Map<String, Integer> index(String[] names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            index.put(names[i], i);
        }
        return Map.copyOf(index);
    }

    private static TokenUsage readUsage(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT, "usage");
        int seen = 0;
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        long cacheWrite = 0;
        UsageSource source = null;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> { prompt = longValue(p, v, name); seen |= 1; }
                case "completion_tokens" -> { completion = longValue(p, v, name); seen |= 1 << 1; }
                case "cached_tokens" -> { cached = longValue(p, v, name); seen |= 1 << 2; }
                case "cache_write_tokens" -> { cacheWrite = longValue(p, v, name); seen |= 1 << 3; }
                case "source" -> { source = UsageSource.valueOf(string(p, v, name)); seen |= 1 << 4; }
                default -> p.skipChildren();
            }
        }
        if (seen != ALL_USAGE_PROPERTIES) {
            throw new IllegalArgumentException("missing property usage." + missing(seen, USAGE_PROPERTIES));
        }
        return new TokenUsage(prompt, completion, cached, cacheWrite, source);
    }

    private static Map<String, String> readMetadata(JsonParser p, JsonToken t) {
        expect(t, JsonToken.START_OBJECT, "metadata");
        Map<String, String> metadata = new HashMap<>();
        String name;
        while ((name = p.nextName()) != null) {
            metadata.put(name, string(p, p.nextToken(), "metadata." + name));
        }
        return metadata;
    }

    private static String missing(int seen, String[] names) {
        return names[Integer.numberOfTrailingZeros(~seen)];
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(what + " must be a JSON object, not " + actual);
        }
    }

    private static String string(JsonParser p, JsonToken t, String name) {
        if (t != JsonToken.VALUE_STRING) {
            throw wrongType(name, "a string", t);
        }
        return p.getString();
    }

    private static @Nullable String stringOrNull(JsonParser p, JsonToken t, String name) {
        return t == JsonToken.VALUE_NULL ? null : string(p, t, name);
    }

    private static boolean bool(JsonToken t, String name) {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        throw wrongType(name, "a boolean", t);
    }

    private static int intValue(JsonParser p, JsonToken t, String name) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "an integer", t);
        }
        return p.getIntValue();
    }

    private static long longValue(JsonParser p, JsonToken t, String name) {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "an integer", t);
        }
        return p.getLongValue();
    }

    private static @Nullable Long longOrNull(JsonParser p, JsonToken t, String name) {
        return t == JsonToken.VALUE_NULL ? null : longValue(p, t, name);
    }

    private static BigDecimal decimal(JsonParser p, JsonToken t, String name) {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(name, "a number", t);
        }
        return p.getDecimalValue();
    }

    private static @Nullable Instant instantOrNull(JsonParser p, JsonToken t, String name) {
        return t == JsonToken.VALUE_NULL ? null : instant(string(p, t, name));
    }

    private static IllegalArgumentException wrongType(String name, String expected, @Nullable JsonToken actual) {
        return new IllegalArgumentException(name + " must be " + expected + ", not " + actual);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} directly; anything else (offsets, other ISO-8601 forms) through
     * {@code java.time}.
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T'
                && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            int nanos = 0;
            boolean fractionOk = n == 20;
            if (n > 21 && s.charAt(19) == '.') {
                int fraction = digits(s, 20, n - 1);
                if (fraction >= 0) {
                    nanos = fraction * POWERS_OF_TEN[9 - (n - 21)];
                    fractionOk = true;
                }
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0
                    && minute <= 59 && second >= 0 && second <= 59 && fractionOk) {
                long epochDay = epochDay(year, month, day);
                return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
            }
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeException notAnInstant) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }

    /** The last date converted: events come in time order, so nearly all share it. Immutable, so a race is benign. */
    private static Day lastDay = new Day(1970, 1, 1, 0);

    private record Day(int year, int month, int day, long epochDay) {
    }

    private static long epochDay(int year, int month, int day) {
        Day last = lastDay;
        if (last.year == year && last.month == month && last.day == day) {
            return last.epochDay;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay(); // validates the day of the month
        lastDay = new Day(year, month, day, epochDay);
        return epochDay;
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The decimal value of {@code s[from, to)}, or -1 if any character is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
