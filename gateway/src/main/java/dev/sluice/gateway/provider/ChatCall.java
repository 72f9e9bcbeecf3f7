package dev.sluice.gateway.provider;

import dev.sluice.gateway.usage.UsageMeter;
import tools.jackson.databind.node.ObjectNode;

/**
 * One chat completion to send upstream.
 *
 * @param body               the client's request, parsed; the adapter may change it (model name, include_usage)
 * @param route              the model alias's route
 * @param stream             whether the client asked for a stream
 * @param clientWantsUsage   whether the client asked for the usage chunk ({@code stream_options.include_usage})
 * @param meter              where the adapter reports usage
 * @param requestId          the exchange's request id, sent upstream as {@code x-request-id}
 */
public record ChatCall(
        ObjectNode body,
        ModelRoute route,
        boolean stream,
        boolean clientWantsUsage,
        UsageMeter meter,
        String requestId) {
}
