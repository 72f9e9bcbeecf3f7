package dev.sluice.gateway.provider;

import reactor.core.publisher.Flux;

/** What an adapter answers for a chat completion, always in OpenAI's wire format. */
public sealed interface ChatResult {

    /**
     * A stream: each element one whole SSE frame ({@code data: {...}\n\n}), written and flushed as it comes.
     * The flux errors with a {@link dev.sluice.gateway.error.GatewayException} if the upstream fails midway.
     */
    record Stream(Flux<byte[]> frames) implements ChatResult {
    }

    /** A whole {@code chat.completion} JSON body. */
    record Complete(byte[] json) implements ChatResult {
    }
}
