package dev.sluice.gateway.api;

import dev.sluice.gateway.admission.AdmissionGate;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.gateway.provider.ModelRouter;
import dev.sluice.gateway.usage.RequestUsage;
import dev.sluice.gateway.usage.UsageRecorder;
import dev.sluice.usage.event.Outcome;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * {@code POST /v1/embeddings}: both {@code encoding_format} values ({@code float}, and {@code base64}, which the
 * official SDKs ask for by default) pass through to the upstream, which encodes; usage is recorded as for chat.
 */
public final class EmbeddingsHandler {

    private final JsonBodies bodies;
    private final ModelRouter router;
    private final AdmissionGate admission;
    private final UsageRecorder recorder;

    public EmbeddingsHandler(JsonBodies bodies, ModelRouter router, AdmissionGate admission, UsageRecorder recorder) {
        this.bodies = bodies;
        this.router = router;
        this.admission = admission;
        this.recorder = recorder;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        RequestUsage usage = Exchanges.open(request, "embeddings");
        return bodies.read(request)
                .flatMap(body -> admitAndSend(request, body, usage))
                .onErrorResume(e -> FailedRequests.respond(recorder, usage, e))
                .doOnCancel(() -> recorder.finish(usage, Outcome.CANCELLED, 499));
    }

    private Mono<ServerResponse> admitAndSend(ServerRequest request, JsonBodies.JsonBody body, RequestUsage usage) {
        ObjectNode json = body.json();
        String model = ChatRequest.requireModel(json);
        validate(json);
        usage.request(model, json, false, ChatRequest.optionalString(json, "user"), Map.of());
        ModelRoute route = router.route(model);
        if (route == null) {
            throw new GatewayException(new GatewayError.ModelNotFound(model));
        }
        usage.route(route);
        String credential = AdmissionGate.credential(request.headers().asHttpHeaders());
        return admission.admit(credential, route, usage, body.size(), 0L)
                .flatMap(headers -> send(new EmbeddingsCall(json, route, usage.meter(), usage.requestId()), usage, headers));
    }

    private Mono<ServerResponse> send(EmbeddingsCall call, RequestUsage usage, Map<String, String> headers) {
        usage.upstreamCalled();
        return call.route().adapter().embeddings(call).flatMap(json -> {
            usage.firstToken();
            recorder.finish(usage, Outcome.COMPLETED, 200);
            return Mono.<ServerResponse>just(new JsonBytesResponse(json, headers));
        });
    }

    private static void validate(ObjectNode json) {
        JsonNode input = json.get("input");
        boolean valid = input != null && (input.isString() && !input.asString().isEmpty()
                || input.isArray() && !input.isEmpty());
        if (!valid) {
            throw ChatRequest.invalid("'input' must be a non-empty string or array.", "input", "invalid_value");
        }
        JsonNode format = json.get("encoding_format");
        if (format != null && !format.isNull()
                && !(format.isString() && (format.asString().equals("float") || format.asString().equals("base64")))) {
            throw ChatRequest.invalid("Invalid value for 'encoding_format': expected 'float' or 'base64'.",
                    "encoding_format", "invalid_value");
        }
    }
}
