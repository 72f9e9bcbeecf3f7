package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ProviderAdapter;
import dev.sluice.gateway.provider.StreamFrames;
import dev.sluice.gateway.upstream.UpstreamClient;
import dev.sluice.gateway.upstream.UpstreamBodies;
import io.netty.buffer.ByteBuf;
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

    /** @param baseUrl the upstream's base URL without a trailing slash, e.g. {@code https://api.anthropic.com/v1} */
    public AnthropicAdapter(UpstreamClient client, String baseUrl, int defaultMaxTokens) {
        this.client = client;
        this.messagesUri = baseUrl + "/messages";
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
        String alias = call.route().alias();
        if (call.stream()) {
            Flux<byte[]> frames = client.post(messagesUri, body, call.requestId(), "text/event-stream",
                    (status, headers, response) -> status >= 400
                            ? failure(status, response)
                            : translated(response, new AnthropicStreamTranslator(alias, call.clientWantsUsage(), call.meter())));
            return Mono.just(new ChatResult.Stream(frames));
        }
        return client.post(messagesUri, body, call.requestId(), "application/json",
                        (status, headers, response) -> status >= 400
                                ? failure(status, response)
                                : UpstreamBodies.aggregate(response, client.maxBodyBytes()).map(json ->
                                        AnthropicResponseTranslator.toChatCompletion(json, alias, call.meter())))
                .singleOrEmpty()
                .map(ChatResult.Complete::new);
    }

    @Override
    public Mono<byte[]> embeddings(EmbeddingsCall call) {
        return Mono.error(new GatewayException(new GatewayError.InvalidRequest(
                "Model `" + call.route().alias() + "` is served by Anthropic, which has no embeddings API.",
                "model", "model_not_supported")));
    }

    private static Flux<byte[]> translated(Flux<ByteBuf> response, AnthropicStreamTranslator translator) {
        return StreamFrames.fromBody(response, translator::onEvent)
                .concatWith(Flux.defer(() -> Flux.fromIterable(translator.onComplete())));
    }

    private <T> Mono<T> failure(int status, Flux<ByteBuf> response) {
        return UpstreamBodies.aggregate(response, client.maxBodyBytes()).flatMap(error -> Mono.error(new GatewayException(
                AnthropicResponseTranslator.toGatewayError(status, error, client.provider()))));
    }
}
