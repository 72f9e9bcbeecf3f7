package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.usage.UsageMeter;

/**
 * Reads usage out of a whole OpenAI response body (chat completion or embeddings) and hands the body back as it was.
 * The text of the choices is decoded only when the body carries no {@code usage} (the gateway then counts it).
 */
public final class OpenAiUsage {

    private OpenAiUsage() {
    }

    public static byte[] scan(byte[] json, UsageMeter meter, String provider) {
        try {
            if (!OpenAiUsageScanner.scan(json, 0, json.length, meter, false).hasUsage()) {
                OpenAiUsageScanner.scan(json, 0, json.length, meter, true);
            }
        } catch (RuntimeException malformed) {
            throw new GatewayException(new GatewayError.UpstreamFailed(provider,
                    "Upstream provider `" + provider + "` sent a malformed response."), malformed);
        }
        return json;
    }
}
