package dev.sluice.policy.admission;

import java.time.Duration;
import java.util.Map;

/** OpenAI's rate-limit headers: {@code x-ratelimit-limit-requests} and siblings, resets as {@code 1s}, {@code 6m0s}, {@code 20ms}. */
final class RateLimitHeaders {

    static final String BUDGET_WARNING = "x-sluice-budget-warning";

    private RateLimitHeaders() {
    }

    static void put(Map<String, String> headers, String dimension, long limit, long remaining, long resetMillis) {
        headers.put("x-ratelimit-limit-" + dimension, Long.toString(limit));
        headers.put("x-ratelimit-remaining-" + dimension, Long.toString(Math.max(0, remaining)));
        headers.put("x-ratelimit-reset-" + dimension, duration(resetMillis));
    }

    static String duration(long millis) {
        if (millis < 1000) {
            return Math.max(0, millis) + "ms";
        }
        Duration d = Duration.ofMillis(millis);
        StringBuilder text = new StringBuilder();
        if (d.toHours() > 0) {
            text.append(d.toHours()).append('h');
        }
        if (d.toHours() > 0 || d.toMinutesPart() > 0) {
            text.append(d.toMinutesPart()).append('m');
        }
        long ms = d.toSecondsPart() * 1000L + d.toMillisPart();
        if (ms % 1000 == 0 || text.length() > 0) {
            text.append(d.toSecondsPart()).append('s');
        } else {
            text.append(String.format(java.util.Locale.ROOT, "%.3f", ms / 1000.0).replaceAll("0+$", "")).append('s');
        }
        return text.toString();
    }
}
