package dev.sluice.gateway.api;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a JSON object request body, refusing more than the size limit (413) before reading it when the client
 * declares its length, and as soon as the limit is passed when it does not.
 */
public final class JsonBodies {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final int maxBytes;

    public JsonBodies(long maxBytes) {
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
    }

    /** A parsed body. {@code size} is its length in bytes. */
    public record JsonBody(ObjectNode json, int size) {
    }

    public Mono<JsonBody> read(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            return Mono.error(new GatewayException(new GatewayError.PayloadTooLarge(maxBytes)));
        }
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .onErrorMap(DataBufferLimitException.class,
                        e -> new GatewayException(new GatewayError.PayloadTooLarge(maxBytes)))
                .map(JsonBodies::parse)
                .switchIfEmpty(Mono.error(() -> invalid("The request body is empty; a JSON object is expected.")));
    }

    private static JsonBody parse(DataBuffer buffer) {
        byte[] bytes = new byte[buffer.readableByteCount()];
        try {
            buffer.read(bytes);
        } finally {
            DataBufferUtils.release(buffer);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw invalid("We could not parse the JSON body of your request. The gateway expects a JSON object: "
                    + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw invalid("The request body must be a JSON object.");
        }
        return new JsonBody(object, bytes.length);
    }

    private static GatewayException invalid(String message) {
        return new GatewayException(new GatewayError.InvalidRequest(message, null, "invalid_json"));
    }
}
