package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ProviderAdapter;
import dev.sluice.gateway.provider.StreamFrames;
import dev.sluice.gateway.upstream.UpstreamBodies;
import dev.sluice.gateway.upstream.UpstreamClient;
import dev.sluice.gateway.usage.UsageMeter;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any OpenAI-compatible upstream (OpenAI, Azure OpenAI, vLLM, Ollama, Groq, Together…): the request goes on with
 * the upstream model's name, the response comes back as it was sent, watched for usage but never rebuilt.
 */
public final class OpenAiAdapter implements ProviderAdapter {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final UpstreamClient client;
    private final String chatUri;
    private final String embeddingsUri;

    /** @param baseUrl the upstream's base URL without a trailing slash, e.g. {@code https://api.openai.com/v1} */
    public OpenAiAdapter(UpstreamClient client, String baseUrl) {
        this.client = client;
        this.chatUri = baseUrl + "/chat/completions";
        this.embeddingsUri = baseUrl + "/embeddings";
    }

    @Override
    public Mono<ChatResult> chat(ChatCall call) {
        byte[] body = JSON.writeValueAsBytes(
                OpenAiRequests.forUpstream(call.body(), call.route().upstreamModel(), call.stream()));
        if (call.stream()) {
            OpenAiStreamTranslator translator =
                    new OpenAiStreamTranslator(call.clientWantsUsage(), call.meter(), client.provider());
            Flux<byte[]> frames = client.post(chatUri, body, call.requestId(), "text/event-stream",
                    (status, headers, response) -> status >= 400
                            ? failure(status, response)
                            : StreamFrames.fromBody(response, translator::onEvent));
            return Mono.just(new ChatResult.Stream(frames));
        }
        return whole(chatUri, body, call.requestId(), call.meter()).map(ChatResult.Complete::new);
    }

    @Override
    public Mono<byte[]> embeddings(EmbeddingsCall call) {
        call.body().put("model", call.route().upstreamModel());
        return whole(embeddingsUri, JSON.writeValueAsBytes(call.body()), call.requestId(), call.meter());
    }

    private Mono<byte[]> whole(String uri, byte[] body, String requestId, UsageMeter meter) {
        return client.post(uri, body, requestId, "application/json", (status, headers, response) -> status >= 400
                        ? failure(status, response)
                        : UpstreamBodies.aggregate(response, client.maxBodyBytes())
                                .map(json -> OpenAiUsage.scan(json, meter, client.provider())))
                .singleOrEmpty();
    }

    private <T> Mono<T> failure(int status, Flux<ByteBuf> response) {
        return UpstreamBodies.aggregate(response, client.maxBodyBytes()).flatMap(error ->
                Mono.error(new GatewayException(OpenAiErrorMapper.map(client.provider(), status, error))));
    }
}
