package dev.sluice.gateway.provider;

import reactor.core.publisher.Mono;

/**
 * Speaks one upstream's API. Given a request in OpenAI's format it answers in OpenAI's format, whatever the
 * upstream speaks, and reports usage to the call's meter. Errors arrive as
 * {@link dev.sluice.gateway.error.GatewayException}.
 */
public interface ProviderAdapter {

    /** Sends a chat completion upstream; the result is a stream of OpenAI SSE frames or one JSON body. */
    Mono<ChatResult> chat(ChatCall call);

    /** Sends an embeddings request upstream; answers OpenAI's embeddings JSON. */
    Mono<byte[]> embeddings(EmbeddingsCall call);
}
