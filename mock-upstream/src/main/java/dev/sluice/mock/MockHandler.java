package dev.sluice.mock;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Serves one request: records it, applies the control headers, routes it to {@link MockLlm}, writes the bytes. */
final class MockHandler {

  static final List<String> MODELS = List.of("gpt-4o-mini", "gpt-4o", "gpt-4.1-nano", "text-embedding-3-small",
      "claude-sonnet-4-5", ChatPlan.DEFAULT_MODEL);
  private static final String JSON = "application/json";
  private static final String JSON_UTF8 = "application/json; charset=utf-8";
  private static final byte[] NO_BODY = new byte[0];

  private final MockLlm llm = new MockLlm();
  private final byte[] modelsBody = llm.openAiModels(MODELS);
  private final RequestJournal journal;
  private final CassetteLibrary cassettes;
  private final AtomicReference<MockBehavior> defaults;

  MockHandler(RequestJournal journal, CassetteLibrary cassettes, AtomicReference<MockBehavior> defaults) {
    this.journal = journal;
    this.cassettes = cassettes;
    this.defaults = defaults;
  }

  Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    journal.countRequest();
    Channel[] channel = new Channel[1];
    request.withConnection(connection -> channel[0] = connection.channel());
    Exchange exchange = Exchange.begin(journal, channel[0]);
    return request.receive().aggregate().asByteArray().defaultIfEmpty(NO_BODY)
        .flatMap(body -> respond(journal.record(request, body), request, response, exchange))
        .then(Mono.<Void>fromRunnable(exchange::finish))
        .onErrorResume(error -> peerGone(exchange, error))
        .doOnCancel(exchange::cancel);
  }

  /** An error once the peer is gone is the cancellation itself, not a failure of the mock. */
  private static Mono<Void> peerGone(Exchange exchange, Throwable error) {
    if (exchange.channel().isActive()) {
      return Mono.error(error);
    }
    exchange.cancel();
    return Mono.empty();
  }

  private Mono<Void> respond(RecordedRequest recorded, HttpServerRequest request, HttpServerResponse response,
                             Exchange exchange) {
    String path = request.fullPath();
    Api api = Api.ofPath(path);
    String requestId = recorded.headers().getOrDefault("x-request-id", Ids.next("req_mock"));
    response.header(api == Api.ANTHROPIC ? "request-id" : "x-request-id", requestId);
    if (api == Api.ANTHROPIC) {
      response.header("x-request-id", requestId);
    }
    ControlHeaders controls;
    try {
      controls = ControlHeaders.parse(recorded.headers(), defaults.get());
    } catch (IllegalArgumentException e) {
      return badRequest(response, api, e, requestId);
    }
    Mono<Void> reply = Mono.defer(() -> reply(recorded, path, api, controls, requestId, response, exchange))
        .onErrorResume(IllegalArgumentException.class, e -> badRequest(response, api, e, requestId))
        .onErrorResume(JacksonException.class, e -> badRequest(response, api, e, requestId));
    return controls.headersDelay().isZero() ? reply : Mono.delay(controls.headersDelay()).then(reply);
  }

  private Mono<Void> reply(RecordedRequest recorded, String path, Api api, ControlHeaders controls, String requestId,
                           HttpServerResponse response, Exchange exchange) {
    MockBehavior behavior = controls.behavior();
    if (controls.status() != 0) {
      return error(response, api, controls.status(), modelOf(recorded), requestId);
    }
    if (behavior.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < behavior.errorRate()) {
      return error(response, api, 500, modelOf(recorded), requestId);
    }
    String cassette = controls.cassette();
    if (cassette != null) {
      return cassettes.load(cassette).flatMap(c -> replay(c, behavior, response, exchange));
    }
    String route = recorded.method() + " " + path;
    return switch (route) {
      case "POST /v1/chat/completions" -> chat(Json.MAPPER.readTree(recorded.body()), behavior, response, exchange);
      case "POST /v1/embeddings" -> json(response, 200, JSON, llm.openAiEmbeddings(Json.MAPPER.readTree(recorded.body())));
      case "GET /v1/models" -> json(response, 200, JSON, modelsBody);
      case "POST /v1/messages" -> messages(Json.MAPPER.readTree(recorded.body()), behavior, response, exchange);
      default -> json(response, 404, JSON_UTF8, ErrorBodies.openAi(new ErrorBodies.OpenAiError(
          "Invalid URL (" + route + ")", "invalid_request_error", null, null)));
    };
  }

  private Mono<Void> chat(JsonNode body, MockBehavior behavior, HttpServerResponse response, Exchange exchange) {
    if (body.path("stream").asBoolean(false)) {
      return stream(response, 200, Cassette.EVENT_STREAM, llm.openAiChatStream(body, behavior), exchange);
    }
    return whole(response, llm.openAiChatCompletion(body, behavior), exchange);
  }

  private Mono<Void> messages(JsonNode body, MockBehavior behavior, HttpServerResponse response, Exchange exchange) {
    if (body.path("stream").asBoolean(false)) {
      return stream(response, 200, Cassette.EVENT_STREAM, llm.anthropicMessagesStream(body, behavior), exchange);
    }
    return whole(response, llm.anthropicMessage(body, behavior), exchange);
  }

  private Mono<Void> replay(Cassette cassette, MockBehavior behavior, HttpServerResponse response,
                            Exchange exchange) {
    if (cassette.streaming()) {
      return stream(response, cassette.status(), cassette.contentType(),
          StreamPacing.pace(cassette.script(), behavior), exchange);
    }
    return json(response, cassette.status(), cassette.contentType(), cassette.events().getFirst());
  }

  /** A stream, one flush per frame; a {@link MockStreamFailure} closes the connection with no terminating chunk. */
  private static Mono<Void> stream(HttpServerResponse response, int status, String contentType, Flux<byte[]> frames,
                                   Exchange exchange) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
        .send(frames.map(Unpooled::wrappedBuffer), frame -> true)
        .then()
        .onErrorResume(MockStreamFailure.class, failure -> closeAbruptly(exchange));
  }

  private static Mono<Void> whole(HttpServerResponse response, Mono<byte[]> body, Exchange exchange) {
    return body.flatMap(bytes -> json(response, 200, JSON, bytes))
        .onErrorResume(MockStreamFailure.class, failure -> closeAbruptly(exchange));
  }

  private static Mono<Void> json(HttpServerResponse response, int status, String contentType, byte[] body) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, contentType)
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
        .sendObject(Unpooled.wrappedBuffer(body))
        .then();
  }

  /**
   * Ends the exchange as the mock meant it, then closes the connection once everything written so far is flushed;
   * completes only when the channel is closed, so no terminating chunk can follow.
   */
  private static Mono<Void> closeAbruptly(Exchange exchange) {
    exchange.finish();
    Channel channel = exchange.channel();
    return Mono.create(sink -> {
      channel.closeFuture().addListener(closed -> sink.success());
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    });
  }

  private static Mono<Void> error(HttpServerResponse response, Api api, int status, String model, String requestId) {
    if (api == Api.ANTHROPIC) {
      response.header("x-should-retry", Boolean.toString(status == 429 || status >= 500));
      if (status == 429) {
        response.header(HttpHeaderNames.RETRY_AFTER, "1");
      }
      return json(response, status, JSON, ErrorBodies.anthropic(status, model, requestId));
    }
    if (status == 429) {
      response.header(HttpHeaderNames.RETRY_AFTER, "1")
          .header("x-ratelimit-limit-requests", "3")
          .header("x-ratelimit-remaining-requests", "0")
          .header("x-ratelimit-reset-requests", "1s");
    }
    return json(response, status, JSON_UTF8, ErrorBodies.openAi(ErrorBodies.openAiFor(status, model)));
  }

  private static Mono<Void> badRequest(HttpServerResponse response, Api api, Exception error, String requestId) {
    String message = error instanceof JacksonException
        ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
        + "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
        : String.valueOf(error.getMessage());
    String param = error instanceof MockRequestException invalid ? invalid.param() : null;
    if (api == Api.ANTHROPIC) {
      byte[] body = Json.compact(g -> {
        g.writeStartObject();
        g.writeStringProperty("type", "error");
        g.writeObjectPropertyStart("error");
        g.writeStringProperty("type", "invalid_request_error");
        g.writeStringProperty("message", message);
        g.writeEndObject();
        g.writeStringProperty("request_id", requestId);
        g.writeEndObject();
      });
      return json(response, 400, JSON, body);
    }
    return json(response, HttpResponseStatus.BAD_REQUEST.code(), JSON_UTF8,
        ErrorBodies.openAi(new ErrorBodies.OpenAiError(message, "invalid_request_error", param, null)));
  }

  /** The request's model for error messages, without failing on a body that is not JSON. */
  private static String modelOf(RecordedRequest recorded) {
    if (recorded.body().length == 0) {
      return ChatPlan.DEFAULT_MODEL;
    }
    try {
      return Json.text(Json.MAPPER.readTree(recorded.body()).path("model"), ChatPlan.DEFAULT_MODEL);
    } catch (JacksonException e) {
      return ChatPlan.DEFAULT_MODEL;
    }
  }
}
