package dev.sluice.gateway.provider.mock;

import dev.sluice.gateway.config.ProviderProperties;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.provider.ChatCall;
import dev.sluice.gateway.provider.ChatResult;
import dev.sluice.gateway.provider.EmbeddingsCall;
import dev.sluice.gateway.provider.ProviderAdapter;
import dev.sluice.gateway.provider.StreamFrames;
import dev.sluice.gateway.provider.openai.OpenAiRequests;
import dev.sluice.gateway.provider.openai.OpenAiStreamTranslator;
import dev.sluice.gateway.provider.openai.OpenAiUsage;
import dev.sluice.mock.MockBehavior;
import dev.sluice.mock.MockLlm;
import reactor.core.publisher.Mono;

/**
 * The built-in mock provider: no network. The same generator as the fake upstream server produces OpenAI wire bytes
 * in process, and they take the same path as an OpenAI-compatible upstream's (usage watched, extra chunk dropped).
 */
public final class MockAdapter implements ProviderAdapter {

    private final String provider;
    private final MockLlm llm;
    private final MockBehavior behavior;

    public MockAdapter(String provider, MockLlm llm, ProviderProperties.MockProperties properties) {
        this.provider = provider;
        this.llm = llm;
        this.behavior = new MockBehavior(properties.timeToFirstToken(), properties.tokens(),
                properties.interTokenDelay(), 0.0, -1);
    }

    @Override
    public Mono<ChatResult> chat(ChatCall call) {
        var body = OpenAiRequests.forUpstream(call.body(), call.route().upstreamModel(), call.stream());
        if (call.stream()) {
            OpenAiStreamTranslator translator = new OpenAiStreamTranslator(call.clientWantsUsage(), call.meter(), provider);
            var frames = StreamFrames.fromFrames(llm.openAiChatStream(body, behavior), translator::onEvent)
                    .onErrorMap(e -> !(e instanceof GatewayException), this::failed);
            return Mono.just(new ChatResult.Stream(frames));
        }
        return llm.openAiChatCompletion(body, behavior)
                .map(json -> new ChatResult.Complete(OpenAiUsage.scan(json, call.meter(), provider)));
    }

    @Override
    public Mono<byte[]> embeddings(EmbeddingsCall call) {
        call.body().put("model", call.route().upstreamModel());
        return Mono.fromSupplier(() -> OpenAiUsage.scan(llm.openAiEmbeddings(call.body()), call.meter(), provider));
    }

    private GatewayException failed(Throwable e) {
        return new GatewayException(new GatewayError.UpstreamFailed(provider,
                "Upstream provider `" + provider + "` failed mid-stream."), e);
    }
}
