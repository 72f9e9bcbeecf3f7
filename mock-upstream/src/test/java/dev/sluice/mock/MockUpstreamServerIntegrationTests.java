package dev.sluice.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class MockUpstreamServerIntegrationTests {

  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static final String CHAT = "/v1/chat/completions";
  private static final String STREAM_BODY =
      "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

  private static MockUpstreamServer server;

  /** A response as the client saw it. */
  record Reply(int status, HttpHeaders headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() {
      return Json.MAPPER.readTree(body);
    }
  }

  /** A body chunk and when it arrived, in ms since the request was made. */
  record Arrival(long atMillis, String text) {
  }

  @BeforeAll
  static void startServer() {
    server = MockUpstreamServer.start(MockBehavior.defaults());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void forgetRequests() {
    server.reset();
  }

  private static HttpClient client(MockUpstreamServer target, Map<String, String> headers) {
    return HttpClient.create(ConnectionProvider.newConnection())
        .baseUrl(target.baseUrl())
        .headers(h -> headers.forEach(h::set));
  }

  private static Mono<Reply> call(MockUpstreamServer target, HttpMethod method, String uri, Map<String, String> headers,
                                  String body) {
    return client(target, headers).request(method).uri(uri)
        .send(ByteBufFlux.fromString(body.isEmpty() ? Flux.empty() : Flux.just(body)))
        .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> new Reply(response.status().code(), response.responseHeaders(), bytes)));
  }

  private static Reply post(String uri, Map<String, String> headers, String body) {
    return call(server, HttpMethod.POST, uri, headers, body).block(LIMIT);
  }

  private static void awaitCancelled(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (server.cancelledCount() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.cancelledCount()).isEqualTo(expected);
  }

  @Test
  void streamHonoursTimeToFirstTokenAndFlushesEveryEvent() {
    long start = System.nanoTime();
    List<Arrival> arrivals = client(server, Map.of("x-mock-ttft-ms", "300", "x-mock-tokens", "3",
            "x-mock-delay-ms", "100"))
        .post().uri(CHAT).send(ByteBufFlux.fromString(Flux.just(STREAM_BODY)))
        .response((response, content) -> {
          assertThat(response.status().code()).isEqualTo(200);
          assertThat(response.responseHeaders().get("content-type")).isEqualTo("text/event-stream; charset=utf-8");
          return content.asString().map(s -> new Arrival((System.nanoTime() - start) / 1_000_000, s));
        })
        .collectList().block(LIMIT);

    assertThat(arrivals.getFirst().atMillis()).isGreaterThanOrEqualTo(300);
    assertThat(arrivals.getLast().atMillis() - arrivals.getFirst().atMillis()).isGreaterThanOrEqualTo(150);
    assertThat(arrivals.size()).isGreaterThanOrEqualTo(3);
    String body = String.join("", arrivals.stream().map(Arrival::text).toList());
    assertThat(Wire.events(body)).hasSize(1 + 3 + 1 + 1);
    assertThat(body).endsWith("data: [DONE]\n\n");
  }

  @Test
  void nonStreamChatIsOneJsonBodyWithContentLength() {
    Reply reply = post(CHAT, Map.of("x-mock-tokens", "4"),
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.headers().getInt("content-length")).isEqualTo(reply.body().length);
    assertThat(reply.json().path("choices").path(0).path("message").path("content").stringValue())
        .isEqualTo(MockText.text(4));
  }

  @Test
  void statusHeaderAnswersTheRealErrorBodyOfEachApi() {
    Reply rateLimited = post(CHAT, Map.of("x-mock-status", "429"), "{\"model\":\"gpt-4o\"}");
    Reply notFound = post(CHAT, Map.of("x-mock-status", "404"), "{\"model\":\"gpt-9\"}");
    Reply overloaded = post("/v1/messages", Map.of("x-mock-status", "529"), "{\"model\":\"claude\"}");

    assertThat(rateLimited.status()).isEqualTo(429);
    assertThat(rateLimited.headers().get("retry-after")).isEqualTo("1");
    assertThat(Wire.shape(rateLimited.json())).containsExactly("error", "error.message", "error.type", "error.param",
        "error.code");
    assertThat(rateLimited.json().path("error").path("code").stringValue()).isEqualTo("rate_limit_exceeded");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(notFound.json().path("error").path("code").stringValue()).isEqualTo("model_not_found");
    assertThat(notFound.json().path("error").path("message").stringValue()).contains("`gpt-9`");
    assertThat(overloaded.status()).isEqualTo(529);
    assertThat(overloaded.json().path("type").stringValue()).isEqualTo("error");
    assertThat(overloaded.json().path("error").path("type").stringValue()).isEqualTo("overloaded_error");
  }

  @Test
  void cassetteIsReplayedByteForByte() {
    Reply sse = post(CHAT, Map.of("x-mock-cassette", "openai/chat-stream.sse"), STREAM_BODY);
    Reply json = post("/v1/messages", Map.of("x-mock-cassette", "anthropic/messages-nonstream.json"), "{}");

    assertThat(sse.status()).isEqualTo(200);
    assertThat(sse.headers().get("content-type")).startsWith("text/event-stream");
    assertThat(sse.body()).isEqualTo(Wire.resource("openai/chat-stream.sse"));
    String recordedBody = Json.MAPPER.readTree(Wire.resource("anthropic/messages-nonstream.json"))
        .path("response").path("body").stringValue();
    assertThat(json.body()).isEqualTo(recordedBody.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void cassetteRootIsSearchedBeforeTheClasspath(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("errors"));
    Files.write(root.resolve("errors/unauthorized.json"), Wire.resource("openai/error-401-invalid-api-key.json"));
    try (MockUpstreamServer withRoot = MockUpstreamServer.start(MockBehavior.defaults()).withCassetteRoot(root)) {
      Reply reply = call(withRoot, HttpMethod.POST, CHAT, Map.of("x-mock-cassette", "errors/unauthorized.json"), "{}")
          .block(LIMIT);
      Reply escape = call(withRoot, HttpMethod.POST, CHAT, Map.of("x-mock-cassette", "../../etc/passwd.json"), "{}")
          .block(LIMIT);

      assertThat(reply.status()).isEqualTo(401);
      assertThat(reply.headers().get("content-type")).isEqualTo("application/json; charset=utf-8");
      assertThat(reply.json().path("error").path("code").stringValue()).isEqualTo("invalid_api_key");
      assertThat(escape.status()).isEqualTo(400);
    }
  }

  @Test
  void clientThatCancelsMidStreamIsCountedAsCancelled() throws InterruptedException {
    Flux<String> firstChunks = client(server, Map.of("x-mock-tokens", "1000", "x-mock-delay-ms", "20"))
        .post().uri(CHAT).send(ByteBufFlux.fromString(Flux.just(STREAM_BODY)))
        .responseContent().asString().take(3);

    StepVerifier.create(firstChunks).expectNextCount(3).expectComplete().verify(LIMIT);
    awaitCancelled(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void headersDelayHoldsBackTheStatusLine() {
    StepVerifier.create(client(server, Map.of("x-mock-headers-delay-ms", "800"))
            .responseTimeout(Duration.ofMillis(200))
            .post().uri(CHAT).send(ByteBufFlux.fromString(Flux.just(STREAM_BODY)))
            .responseSingle((response, content) -> content.asString()))
        .expectError(ReadTimeoutException.class)
        .verify(LIMIT);

    long start = System.nanoTime();
    Reply delayed = post(CHAT, Map.of("x-mock-headers-delay-ms", "300"), STREAM_BODY);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(delayed.status()).isEqualTo(200);
  }

  @Test
  void failAfterClosesTheConnectionWithoutTheTerminatingChunk() {
    StringBuilder received = new StringBuilder();
    StepVerifier.create(client(server, Map.of("x-mock-fail-after", "2", "x-mock-delay-ms", "10"))
            .post().uri(CHAT).send(ByteBufFlux.fromString(Flux.just(STREAM_BODY)))
            .responseContent().asString().doOnNext(received::append))
        .thenConsumeWhile(chunk -> true)
        .expectError(PrematureCloseException.class)
        .verify(LIMIT);

    List<Wire.Event> events = Wire.events(received.toString());
    assertThat(events).hasSize(1 + 2);
    assertThat(received.toString()).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
    assertThat(server.cancelledCount()).isZero();
  }

  @Test
  void everyRequestIsRecordedWithLowerCaseHeadersAndTheRequestIdIsEchoed() {
    Reply reply = post(CHAT, Map.of("X-Request-Id", "req-from-gateway", "X-Custom-Thing", "Yes"),
        "{\"model\":\"m\",\"messages\":[]}");

    assertThat(reply.headers().get("x-request-id")).isEqualTo("req-from-gateway");
    RecordedRequest last = server.lastRequest();
    assertThat(last).isNotNull();
    assertThat(last.method()).isEqualTo("POST");
    assertThat(last.path()).isEqualTo(CHAT);
    assertThat(last.headers()).containsEntry("x-custom-thing", "Yes").containsEntry("x-request-id", "req-from-gateway");
    assertThat(last.bodyText()).isEqualTo("{\"model\":\"m\",\"messages\":[]}");
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void errorRateFailsThatFractionWith500() {
    try (MockUpstreamServer failing = MockUpstreamServer.start(MockBehavior.defaults().withErrorRate(1.0))) {
      Reply reply = call(failing, HttpMethod.POST, CHAT, Map.of(), STREAM_BODY).block(LIMIT);

      assertThat(reply.status()).isEqualTo(500);
      assertThat(reply.json().path("error").path("type").stringValue()).isEqualTo("server_error");
    }
  }

  @Test
  void embeddingsModelsAndUnknownPathsAnswerInOpenAiShape() {
    Reply embeddings = post("/v1/embeddings", Map.of(), "{\"model\":\"e\",\"input\":\"hi\",\"dimensions\":4}");
    Reply models = call(server, HttpMethod.GET, "/v1/models", Map.of(), "").block(LIMIT);
    Reply unknown = post("/v1/nothing", Map.of(), "{}");
    Reply badJson = post(CHAT, Map.of(), "{not json");

    assertThat(embeddings.json().path("data").path(0).path("embedding")).hasSize(4);
    assertThat(models.json().path("data")).isNotEmpty();
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").path("message").stringValue()).isEqualTo("Invalid URL (POST /v1/nothing)");
    assertThat(badJson.status()).isEqualTo(400);
    assertThat(badJson.json().path("error").path("type").stringValue()).isEqualTo("invalid_request_error");
  }

  @Test
  void anthropicStreamIsServedAsEventStream() {
    Reply reply = post("/v1/messages", Map.of("x-mock-tokens", "2"),
        "{\"model\":\"claude\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertThat(reply.headers().get("content-type")).startsWith("text/event-stream");
    assertThat(reply.headers().get("request-id")).startsWith("req_mock");
    assertThat(Wire.events(reply.text())).extracting(Wire.Event::name).startsWith("message_start")
        .endsWith("message_stop");
  }
}
