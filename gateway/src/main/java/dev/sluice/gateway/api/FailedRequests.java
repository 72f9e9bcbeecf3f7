package dev.sluice.gateway.api;

import dev.sluice.gateway.error.ErrorResponses;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.OpenAiErrors;
import dev.sluice.gateway.usage.RequestUsage;
import dev.sluice.gateway.usage.UsageRecorder;
import dev.sluice.usage.event.Outcome;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * A request that failed before its response began: its usage account closes (REJECTED before any upstream call,
 * FAILED after) and the client gets the error in OpenAI's shape.
 */
final class FailedRequests {

    private FailedRequests() {
    }

    static Mono<ServerResponse> respond(UsageRecorder recorder, RequestUsage usage, Throwable e) {
        GatewayError error = ErrorResponses.toError(e);
        usage.failed(error);
        recorder.finish(usage, usage.wasUpstreamCalled() ? Outcome.FAILED : Outcome.REJECTED, OpenAiErrors.status(error));
        return ErrorResponses.render(error, ErrorResponses.headers(e));
    }
}
