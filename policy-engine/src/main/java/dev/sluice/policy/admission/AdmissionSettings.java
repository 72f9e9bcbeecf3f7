package dev.sluice.policy.admission;

import java.time.Duration;

/**
 * @param defaultOutputTokens output tokens reserved when a request names no max_tokens and no policy caps it
 * @param hold                how long an unsettled reservation keeps a concurrency slot or a budget amount
 */
public record AdmissionSettings(long defaultOutputTokens, Duration hold) {
}
