package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.usage.UsageMeter;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads what the gateway needs out of an OpenAI {@code chat.completion} or {@code chat.completion.chunk} without
 * building a tree or re-serialising it: the usage object, the model, and the text sent (content, refusal, tool-call
 * names and arguments) for counting when the provider reports nothing. One pass of Jackson's streaming parser.
 */
final class OpenAiUsageScanner {

    private static final JsonFactory JSON = new JsonFactory();

    private OpenAiUsageScanner() {
    }

    /** What one scan found. */
    record Scan(boolean hasUsage, boolean emptyChoices, boolean hasError) {
    }

    /** A scan that also collects the text sent (for counting if no usage comes): what a stream's events need. */
    static Scan scan(byte[] json, int offset, int length, UsageMeter meter) {
        return scan(json, offset, length, meter, true);
    }

    /**
     * @param collectText whether to hand the choices' text to the meter; a whole body that carries {@code usage} is
     *                    scanned without it first (its choices are skipped, not decoded), and again with it only if
     *                    it turns out to have no usage
     */
    static Scan scan(byte[] json, int offset, int length, UsageMeter meter, boolean collectText) {
        boolean hasUsage = false;
        boolean emptyChoices = false;
        boolean hasError = false;
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new Scan(false, false, false);
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "model" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            meter.upstreamModel(p.getString());
                        }
                    }
                    case "choices" -> {
                        if (value == JsonToken.START_ARRAY && collectText) {
                            emptyChoices = !choices(p, meter);
                        } else {
                            p.skipChildren();
                        }
                    }
                    case "usage" -> {
                        if (value == JsonToken.START_OBJECT) {
                            usage(p, meter);
                            hasUsage = true;
                        }
                    }
                    case "error" -> {
                        hasError = value == JsonToken.START_OBJECT;
                        p.skipChildren();
                    }
                    default -> p.skipChildren();
                }
            }
        }
        return new Scan(hasUsage, emptyChoices, hasError);
    }

    /** Walks the choices array; returns whether it had any element. */
    private static boolean choices(JsonParser p, UsageMeter meter) {
        boolean any = false;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            any = true;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ((name.equals("delta") || name.equals("message")) && value == JsonToken.START_OBJECT) {
                    message(p, meter);
                } else {
                    p.skipChildren();
                }
            }
        }
        return any;
    }

    private static void message(JsonParser p, UsageMeter meter) {
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ((name.equals("content") || name.equals("refusal")) && value == JsonToken.VALUE_STRING) {
                meter.appendCompletionText(p.getString());
            } else if (name.equals("tool_calls") && value == JsonToken.START_ARRAY) {
                toolCalls(p, meter);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void toolCalls(JsonParser p, UsageMeter meter) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("function") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if ((field.equals("name") || field.equals("arguments")) && v == JsonToken.VALUE_STRING) {
                            meter.appendCompletionText(p.getString());
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private static void usage(JsonParser p, UsageMeter meter) {
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = number(p, value);
                case "completion_tokens" -> completion = number(p, value);
                case "prompt_tokens_details" -> {
                    if (value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                            String detail = p.currentName();
                            JsonToken v = p.nextToken();
                            if (detail.equals("cached_tokens")) {
                                cached = number(p, v);
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        meter.reportUsage(prompt, completion, cached, 0);
    }

    private static long number(JsonParser p, JsonToken value) {
        return value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
    }
}
