package dev.sluice.gateway.api;

import dev.sluice.gateway.admission.AdmissionGate;
import dev.sluice.gateway.error.ErrorResponses;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.OpenAiErrors;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.gateway.provider.ModelRouter;
import dev.sluice.gateway.usage.RequestUsage;
import dev.sluice.gateway.usage.UsageRecorder;
import dev.sluice.usage.event.Outcome;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.Map;

/**
 * {@code POST /v1/chat/completions}: decode (size-capped) → route the alias → admission → provider adapter →
 * write the answer, a stream flushed event by event or one JSON body → close the usage account, exactly once,
 * whichever way the exchange ends (client cancel included).
 */
public final class ChatCompletionsHandler {

    private static final MediaType EVENT_STREAM = MediaType.parseMediaType("text/event-stream; charset=utf-8");

    private final JsonBodies bodies;
    private final ModelRouter router;
    private final AdmissionGate admission;
    private final UsageRecorder recorder;

    public ChatCompletionsHandler(JsonBodies bodies, ModelRouter router, AdmissionGate admission, UsageRecorder recorder) {
        this.bodies = bodies;
        this.router = router;
        this.admission = admission;
        this.recorder = recorder;
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        RequestUsage usage = Exchanges.open(request, "chat.completions");
        return bodies.read(request)
                .flatMap(body -> admitAndSend(request, body, usage))
                .onErrorResume(e -> FailedRequests.respond(recorder, usage, e))
                .doOnCancel(() -> recorder.finish(usage, Outcome.CANCELLED, 499));
    }

    private Mono<ServerResponse> admitAndSend(ServerRequest request, JsonBodies.JsonBody body, RequestUsage usage) {
        ChatRequest chat = ChatRequest.parse(body.json());
        usage.request(chat.model(), body.json(), chat.stream(), chat.user(), chat.metadata());
        ModelRoute route = route(chat.model());
        usage.route(route);
        String credential = AdmissionGate.credential(request.headers().asHttpHeaders());
        return admission.admit(credential, route, usage, body.size(), chat.maxOutputTokens())
                .flatMap(headers -> send(new ChatCall(body.json(), route, chat.stream(), chat.includeUsage(),
                        usage.meter(), usage.requestId()), usage, headers));
    }

    private Mono<ServerResponse> send(ChatCall call, RequestUsage usage, Map<String, String> headers) {
        usage.upstreamCalled();
        return call.route().adapter().chat(call).flatMap(result -> switch (result) {
            case ChatResult.Stream stream -> streamed(stream.frames(), usage, headers);
            case ChatResult.Complete complete -> completed(complete.json(), usage, headers);
        });
    }

    private Mono<ServerResponse> completed(byte[] json, RequestUsage usage, Map<String, String> headers) {
        usage.firstToken();
        recorder.finish(usage, Outcome.COMPLETED, 200);
        return Mono.<ServerResponse>just(new JsonBytesResponse(json, headers));
    }

    /**
     * Frames go out one flush each, as they come. The upstream is called when the response body is subscribed; a
     * failure before the first frame (upstream 4xx/5xx, timeout, refused) still gets its own HTTP status, since
     * nothing is committed until the first frame; a failure midway ends the stream with an OpenAI error event.
     */
    private Mono<ServerResponse> streamed(Flux<byte[]> frames, RequestUsage usage, Map<String, String> headers) {
        Flux<byte[]> body = frames
                .doOnNext(frame -> usage.firstToken())
                .onErrorResume(e -> {
                    GatewayError error = ErrorResponses.toError(e);
                    usage.failed(error);
                    return usage.hasFirstToken() ? Mono.just(OpenAiErrors.sseFrame(error)) : Mono.error(e);
                })
                .doFinally(signal -> recorder.finish(usage, outcome(signal, usage), status(usage)));
        return ServerResponse.ok()
                .contentType(EVENT_STREAM)
                .headers(h -> {
                    headers.forEach(h::set);
                    h.setCacheControl("no-cache");
                    h.set("x-accel-buffering", "no");
                })
                .build((exchange, context) -> writeFlushingEachFrame(exchange.getResponse(), body)
                        .onErrorResume(e -> ErrorResponses.write(exchange.getResponse(), e)));
    }

    private static Mono<Void> writeFlushingEachFrame(ServerHttpResponse response, Flux<byte[]> frames) {
        return response.writeAndFlushWith(
                frames.map(frame -> Mono.<DataBuffer>just(response.bufferFactory().wrap(frame))));
    }

    private static int status(RequestUsage usage) {
        GatewayError error = usage.error();
        return error != null && !usage.hasFirstToken() ? OpenAiErrors.status(error) : 200;
    }

    private static Outcome outcome(SignalType signal, RequestUsage usage) {
        if (signal == SignalType.CANCEL) {
            return Outcome.CANCELLED;
        }
        return usage.error() == null ? Outcome.COMPLETED : Outcome.FAILED;
    }

    private ModelRoute route(String model) {
        ModelRoute route = router.route(model);
        if (route == null) {
            throw new GatewayException(new GatewayError.ModelNotFound(model));
        }
        return route;
    }

}
