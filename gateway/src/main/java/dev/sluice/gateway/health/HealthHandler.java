package dev.sluice.gateway.health;

import dev.sluice.gateway.provider.ModelRouter;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /health}: the process is alive (200, no dependency consulted). {@code GET /health/ready}: every
 * dependency's state by name; 503 when any is DOWN, so a load balancer stops sending traffic.
 */
public final class HealthHandler {

    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] ALIVE = "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final List<ReadinessCheck> checks;
    private final Map<String, String> providers;

    public HealthHandler(List<ReadinessCheck> checks, ModelRouter router) {
        this.checks = List.copyOf(checks);
        Map<String, String> providers = new TreeMap<>();
        router.routes().forEach(route -> providers.put(route.providerName(), "configured"));
        this.providers = Map.copyOf(providers);
    }

    public Mono<ServerResponse> live(ServerRequest request) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(ALIVE);
    }

    public Mono<ServerResponse> ready(ServerRequest request) {
        return Flux.fromIterable(checks)
                .flatMap(check -> check.check()
                        .timeout(CHECK_TIMEOUT)
                        .onErrorResume(e -> Mono.just(ReadinessCheck.DependencyState.down(e.toString())))
                        .map(state -> Map.entry(check.name(), state)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .flatMap(states -> {
                    boolean down = states.values().stream().anyMatch(s -> s.status().equals("DOWN"));
                    ObjectNode body = JsonMapper.shared().createObjectNode();
                    body.put("status", down ? "DOWN" : "UP");
                    ObjectNode dependencies = body.putObject("dependencies");
                    states.forEach((name, state) -> dependencies.putObject(name)
                            .put("status", state.status()).put("detail", state.detail()));
                    ObjectNode providerNode = body.putObject("providers");
                    providers.forEach(providerNode::put);
                    return ServerResponse.status(down ? 503 : 200).contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(JsonMapper.shared().writeValueAsBytes(body));
                });
    }
}
