package dev.sluice.gateway.api;

import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.Function;

/**
 * Serves {@code POST /v1/chat/completions}, the gateway's hot route, straight from the filter chain: the same
 * {@link ChatCompletionsHandler} the router maps, without {@code DispatcherHandler}'s search through handler mappings
 * and result handlers (a {@code concatMap(..).next()} each, whose cancellation walks the whole operator chain for its
 * context). Measured in docs/benchmarks.md. Any other method or path goes on to the router unchanged (404, 405 and
 * the other endpoints); a failure the handler does not answer itself reaches the same error handler either way.
 */
public final class ChatCompletionsDirectRoute implements WebFilter, Ordered {

    static final String PATH = "/v1/chat/completions";

    private final ChatCompletionsHandler handler;
    private final List<HttpMessageReader<?>> readers;
    private final ServerResponse.Context context;

    public ChatCompletionsDirectRoute(ChatCompletionsHandler handler, ServerCodecConfigurer codecs) {
        this.handler = handler;
        this.readers = codecs.getReaders();
        List<HttpMessageWriter<?>> writers = codecs.getWriters();
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST || !PATH.equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return handler.handle(ServerRequest.create(exchange, readers))
                .flatMap(response -> response.writeTo(exchange, context))
                // captured once, so that lookups from the handler's operators stop here (see UpstreamClient.post)
                .contextWrite(Function.identity());
    }

    /** Right after {@link RequestIdFilter}, which gives the exchange its request id. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
