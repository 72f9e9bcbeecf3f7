package dev.sluice.policy.admission;

import java.time.Duration;
import java.util.Map;

/** An admission decision. Deciding is apart from acting: the web layer turns a verdict into HTTP. */
public sealed interface Verdict {

    /**
     * @param headers response headers to add (rate-limit state, budget warnings)
     */
    record Admit(Caller caller, Reservation reservation, Map<String, String> headers) implements Verdict {
    }

    /**
     * @param status     401, 403, 429 or 503
     * @param code       OpenAI-style error code, e.g. {@code rate_limit_exceeded}
     * @param retryAfter for 429: when a retry may succeed
     * @param headers    response headers to add
     */
    record Reject(int status, String code, String message, Duration retryAfter, Map<String, String> headers)
            implements Verdict {
    }
}
