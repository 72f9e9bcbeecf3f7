package dev.sluice.pipeline.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.Map;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

@Configuration(proxyBeanMethods = false)
class UsageApiConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UsageApiConfiguration.class);

    @Bean
    RouterFunction<ServerResponse> usageRoutes(AuthProperties auth, DatabaseClient db) {
        UsageHandler handler = new UsageHandler(new CallerAuthenticator(auth), new UsageQueries(db));
        return route()
                .GET("/v1/usage", handler::usage)
                .GET("/v1/usage/summary", handler::summary)
                .onError(ApiException.class, (e, request) -> render((ApiException) e))
                .onError(e -> !(e instanceof ApiException), (e, request) -> {
                    log.error("usage API failed on {}", request.path(), e);
                    return error(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", null, "internal_error",
                            "the usage store could not answer");
                })
                .build();
    }

    private static Mono<ServerResponse> render(ApiException e) {
        return error(e.status, e.type, e.param, e.code, e.getMessage());
    }

    /** OpenAI's error shape: {@code {"error":{"message","type","param","code"}}} (param may be null). */
    private static Mono<ServerResponse> error(HttpStatus status, String type, String param, String code, String message) {
        Map<String, Object> error = new HashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return ServerResponse.status(status).bodyValue(Map.of("error", error));
    }
}
