package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ProviderAdapter;
import dev.sluice.gateway.provider.StreamFrames;
import dev.sluice.gateway.upstream.UpstreamClient;
import dev.sluice.gateway.upstream.UpstreamResponse;
import dev.sluice.gateway.usage.UsageMeter;
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

    public OpenAiAdapter(UpstreamClient client, String baseUrl) {
        this.client = client;
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.chatUri = base + "/chat/completions";
        this.embeddingsUri = base + "/embeddings";
    }

    @Override
    public Mono<ChatResult> chat(ChatCall call) {
        byte[] body = JSON.writeValueAsBytes(
                OpenAiRequests.forUpstream(call.body(), call.route().upstreamModel(), call.stream()));
        return client.post(chatUri, body, call.requestId(), call.stream() ? "text/event-stream" : "application/json")
                .flatMap(response -> response.status() >= 400 ? failure(response) : success(response, call));
    }

    @Override
    public Mono<byte[]> embeddings(EmbeddingsCall call) {
        call.body().put("model", call.route().upstreamModel());
        byte[] body = JSON.writeValueAsBytes(call.body());
        return client.post(embeddingsUri, body, call.requestId(), "application/json")
                .flatMap(response -> response.status() >= 400
                        ? failure(response)
                        : aggregate(response).map(json -> scanned(json, call.meter())));
    }

    private Mono<ChatResult> success(UpstreamResponse response, ChatCall call) {
        if (call.stream()) {
            OpenAiStreamTranslator translator =
                    new OpenAiStreamTranslator(call.clientWantsUsage(), call.meter(), client.provider());
            return Mono.just(new ChatResult.Stream(StreamFrames.fromBody(response.body(), translator::onEvent)));
        }
        return aggregate(response).map(json -> new ChatResult.Complete(scanned(json, call.meter())));
    }

    private byte[] scanned(byte[] json, UsageMeter meter) {
        return OpenAiUsage.scan(json, meter, client.provider());
    }

    private <T> Mono<T> failure(UpstreamResponse response) {
        return aggregate(response).flatMap(body ->
                Mono.error(new GatewayException(OpenAiErrorMapper.map(client.provider(), response.status(), body))));
    }

    private Mono<byte[]> aggregate(UpstreamResponse response) {
        return response.aggregate().onErrorMap(IllegalStateException.class, tooLarge -> new GatewayException(
                new GatewayError.UpstreamFailed(client.provider(), tooLarge.getMessage()), tooLarge));
    }
}
