package dev.sluice.gateway.admission;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.gateway.usage.RequestUsage;
import dev.sluice.policy.admission.AdmissionCheck;
import dev.sluice.policy.admission.AdmissionRequest;
import dev.sluice.policy.admission.Verdict;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * Step 2 of a request's path: describes it to the {@link AdmissionCheck} and acts on the verdict. An admitted
 * request's caller and reservation go on its {@link RequestUsage}; a rejected one becomes a {@link GatewayException}
 * with the verdict's status and headers.
 */
public final class AdmissionGate {

    /**
     * When a request names no {@code max_tokens}, admission reserves this many output tokens; the real count
     * settles the difference when the response ends.
     */
    public static final long DEFAULT_OUTPUT_RESERVATION = 4096;

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private final AdmissionCheck check;

    public AdmissionGate(AdmissionCheck check) {
        this.check = check;
    }

    /**
     * @param credential      the {@code Authorization} (or {@code x-api-key}) header
     * @param bodyBytes       the request body's size, from which the prompt's tokens are estimated (~4 bytes each,
     *                        an over-estimate for JSON, so the reservation errs high and settles down)
     * @param maxOutputTokens what the client capped the output at, if it did
     * @return the headers the response must carry (rate-limit state)
     */
    public Mono<Map<String, String>> admit(@Nullable String credential, ModelRoute route, RequestUsage usage,
                                           int bodyBytes, @Nullable Long maxOutputTokens) {
        long promptEstimate = Math.max(1, bodyBytes / 4);
        long outputBound = maxOutputTokens != null ? maxOutputTokens : DEFAULT_OUTPUT_RESERVATION;
        BigDecimal worstCase = route.price().cost(promptEstimate, outputBound, 0, 0);
        var request = new AdmissionRequest(credential, route.alias(), promptEstimate, maxOutputTokens, bodyBytes, worstCase,
                pricesOf(route));
        return check.admit(request).flatMap(verdict -> switch (verdict) {
            case Verdict.Admit admit -> {
                usage.admitted(admit.caller(), admit.reservation());
                yield Mono.just(admit.headers());
            }
            case Verdict.Reject reject -> Mono.error(new GatewayException(error(reject), reject.headers()));
        });
    }

    /** The model's prices per token, from which the policy engine prices the output bound it reserves. */
    private static AdmissionRequest.Prices pricesOf(ModelRoute route) {
        return new AdmissionRequest.Prices(
                route.price().input().divide(MILLION, MathContext.DECIMAL64),
                route.price().output().divide(MILLION, MathContext.DECIMAL64));
    }

    /** The credential a client sent: OpenAI's {@code Authorization: Bearer}, or Anthropic-style {@code x-api-key}. */
    public static @Nullable String credential(HttpHeaders headers) {
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            return authorization;
        }
        String apiKey = headers.getFirst("x-api-key");
        return apiKey == null ? null : "Bearer " + apiKey;
    }

    private static GatewayError error(Verdict.Reject reject) {
        return switch (reject.status()) {
            case 401 -> new GatewayError.Unauthenticated(reject.message(), reject.code());
            case 403 -> new GatewayError.Forbidden(reject.message(), reject.code());
            case 429 -> new GatewayError.RateLimited(reject.message(), reject.code(), reject.retryAfter());
            case 503 -> new GatewayError.Unavailable(reject.message());
            default -> new GatewayError.InvalidRequest(reject.message(), null, reject.code());
        };
    }
}
