package dev.sluice.gateway.provider;

import dev.sluice.gateway.usage.UsageMeter;
import tools.jackson.databind.node.ObjectNode;

/** One embeddings request to send upstream; see {@link ChatCall} for the fields. */
public record EmbeddingsCall(ObjectNode body, ModelRoute route, UsageMeter meter, String requestId) {
}
