package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.upstream.SseEvent;
import dev.sluice.gateway.usage.UsageMeter;

import java.util.List;

/**
 * Passes an OpenAI-compatible stream through as it came, frame by frame, never re-serialising a chunk. It watches
 * each {@code data:} event for usage (and the text sent, for counting when no usage comes), and drops the usage-only
 * chunk ({@code "choices":[]}) that the gateway asked for when the client did not. One instance per stream.
 */
public final class OpenAiStreamTranslator {

    private final boolean clientWantsUsage;
    private final UsageMeter meter;
    private final String provider;

    public OpenAiStreamTranslator(boolean clientWantsUsage, UsageMeter meter, String provider) {
        this.clientWantsUsage = clientWantsUsage;
        this.meter = meter;
        this.provider = provider;
    }

    /** The frames to send the client for one upstream event: the event itself, or nothing. */
    public List<byte[]> onEvent(SseEvent event) {
        if (event.data().length == 0 || event.isDone()) {
            return List.of(event.frame());
        }
        OpenAiUsageScanner.Scan scan;
        try {
            scan = OpenAiUsageScanner.scan(event.data(), 0, event.data().length, meter);
        } catch (RuntimeException malformed) {
            throw new GatewayException(new GatewayError.UpstreamFailed(provider,
                    "Upstream provider `" + provider + "` sent a malformed stream event."), malformed);
        }
        if (scan.hasUsage() && scan.emptyChoices() && !clientWantsUsage) {
            return List.of();
        }
        return List.of(event.frame());
    }
}
