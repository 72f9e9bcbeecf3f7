package dev.sluice.gateway.api;

import dev.sluice.gateway.admission.AdmissionGate;
import dev.sluice.gateway.config.SluiceProperties;
import dev.sluice.gateway.error.ErrorResponses;
import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.health.HealthHandler;
import dev.sluice.gateway.health.ReadinessCheck;
import dev.sluice.gateway.provider.ModelRouter;
import dev.sluice.gateway.usage.UsageRecorder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import java.util.Map;
import org.springframework.web.reactive.function.server.ServerResponse;

import java.util.List;

import static org.springframework.web.reactive.function.server.RequestPredicates.path;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/** The HTTP surface: OpenAI's endpoints under {@code /v1}, health under {@code /health}. */
@Configuration(proxyBeanMethods = false)
public class GatewayRoutes {

    /** Request bodies of the chat and embeddings handlers, size-capped at {@code sluice.limits.max-request-body}. */
    @Bean
    JsonBodies jsonBodies(SluiceProperties properties) {
        return new JsonBodies(properties.limits().maxRequestBody().toBytes());
    }

    @Bean
    ChatCompletionsHandler chatCompletionsHandler(JsonBodies bodies, ModelRouter router, AdmissionGate admission,
                                                  UsageRecorder recorder) {
        return new ChatCompletionsHandler(bodies, router, admission, recorder);
    }

    /** {@code POST /v1/chat/completions} is served by {@link ChatCompletionsDirectRoute}, ahead of this router. */
    @Bean
    RouterFunction<ServerResponse> openAiRoutes(JsonBodies bodies, ModelRouter router, AdmissionGate admission,
                                                UsageRecorder recorder, ChatCompletionsHandler chat) {
        EmbeddingsHandler embeddings = new EmbeddingsHandler(bodies, router, admission, recorder);
        ModelsHandler models = new ModelsHandler(router);
        return route()
                .POST("/v1/chat/completions", chat::handle)
                .POST("/v1/embeddings", embeddings::handle)
                .GET("/v1/models", models::list)
                .GET("/v1/models/{*id}", models::get)
                .route(path("/v1/chat/completions").or(path("/v1/embeddings")).or(path("/v1/models")),
                        GatewayRoutes::methodNotAllowed)
                .build();
    }

    @Bean
    RouterFunction<ServerResponse> healthRoutes(List<ReadinessCheck> checks, ModelRouter router) {
        HealthHandler health = new HealthHandler(checks, router);
        return route()
                .GET("/health", health::live)
                .GET("/health/ready", health::ready)
                .build();
    }

    private static Mono<ServerResponse> methodNotAllowed(ServerRequest request) {
        return ErrorResponses.render(new GatewayError.MethodNotAllowed(request.method().name(), request.path()), Map.of());
    }

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    ChatCompletionsDirectRoute chatCompletionsDirectRoute(ChatCompletionsHandler chat, ServerCodecConfigurer codecs) {
        return new ChatCompletionsDirectRoute(chat, codecs);
    }
}
