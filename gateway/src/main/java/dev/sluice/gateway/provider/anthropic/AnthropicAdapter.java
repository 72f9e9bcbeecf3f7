package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ProviderAdapter;
import dev.sluice.gateway.provider.StreamFrames;
import dev.sluice.gateway.upstream.UpstreamClient;
import dev.sluice.gateway.upstream.UpstreamResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic's Messages API, translated both ways: the OpenAI request becomes a Messages request, Anthropic's answer
 * (JSON or SSE events) becomes OpenAI's, event by event as it arrives.
 */
public final class AnthropicAdapter implements ProviderAdapter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final UpstreamClient client;
    private final String messagesUri;
    private final int defaultMaxTokens;

    public AnthropicAdapter(UpstreamClient client, String baseUrl, int defaultMaxTokens) {
        this.client = client;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.messagesUri = base + "/messages";
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public Mono<ChatResult> chat(ChatCall call) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(AnthropicRequestTranslator.toMessagesRequest(
                    call.body(), call.route().upstreamModel(), defaultMaxTokens));
        } catch (GatewayException invalid) {
            return Mono.error(invalid);
        }
        return client.post(messagesUri, body, call.requestId(), call.stream() ? "text/event-stream" : "application/json")
                .flatMap(response -> response.status() >= 400 ? failure(response) : success(response, call));
    }

    @Override
    public Mono<byte[]> embeddings(EmbeddingsCall call) {
        return Mono.error(new GatewayException(new GatewayError.InvalidRequest(
                "Model `" + call.route().alias() + "` is served by Anthropic, which has no embeddings API.",
                "model", "model_not_supported")));
    }

    private Mono<ChatResult> success(UpstreamResponse response, ChatCall call) {
        String alias = call.route().alias();
        if (call.stream()) {
            Flux<byte[]> frames = Flux.defer(() -> {
                AnthropicStreamTranslator translator =
                        new AnthropicStreamTranslator(alias, call.clientWantsUsage(), call.meter());
                return StreamFrames.fromBody(response.body(), translator::onEvent)
                        .concatWith(Flux.defer(() -> Flux.fromIterable(translator.onComplete())));
            });
            return Mono.just(new ChatResult.Stream(frames));
        }
        return aggregate(response).map(json -> new ChatResult.Complete(
                AnthropicResponseTranslator.toChatCompletion(json, alias, call.meter())));
    }

    private <T> Mono<T> failure(UpstreamResponse response) {
        return aggregate(response).flatMap(body -> Mono.error(new GatewayException(
                AnthropicResponseTranslator.toGatewayError(response.status(), body, client.provider()))));
    }

    private Mono<byte[]> aggregate(UpstreamResponse response) {
        return response.aggregate().onErrorMap(IllegalStateException.class, tooLarge -> new GatewayException(
                new GatewayError.UpstreamFailed(client.provider(), tooLarge.getMessage()), tooLarge));
    }
}
