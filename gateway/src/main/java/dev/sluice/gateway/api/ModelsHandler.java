package dev.sluice.gateway.api;

import dev.sluice.gateway.error.ErrorResponses;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.gateway.provider.ModelRouter;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * {@code GET /v1/models} and {@code GET /v1/models/{id}}: the configured aliases, as OpenAI model objects
 * ({@code owned_by} is the provider's name). Rendered once at start-up: the list only changes with configuration.
 */
public final class ModelsHandler {

    private final ModelRouter router;
    private final byte[] list;
    private final long created;

    public ModelsHandler(ModelRouter router) {
        this.router = router;
        this.created = java.time.Instant.now().getEpochSecond();
        JsonMapper json = JsonMapper.shared();
        ObjectNode root = json.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        router.routes().forEach(route -> data.add(model(json, route)));
        this.list = json.writeValueAsBytes(root);
    }

    public Mono<ServerResponse> list(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(list);
    }

    public Mono<ServerResponse> get(ServerRequest request) {
        String id = request.pathVariable("id").replaceFirst("^/", "");
        ModelRoute route = router.route(id);
        if (route == null) {
            return ErrorResponses.render(new GatewayError.ModelNotFound(id), Map.of());
        }
        JsonMapper json = JsonMapper.shared();
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(model(json, route)));
    }

    private ObjectNode model(JsonMapper json, ModelRoute route) {
        ObjectNode model = json.createObjectNode();
        model.put("id", route.alias());
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", route.providerName());
        return model;
    }
}
