package dev.sluice.gateway.api;

import dev.sluice.gateway.testing.GatewayIntegrationTest;
import dev.sluice.gateway.testing.FakeUpstreams;
import dev.sluice.gateway.testing.SseFrames;
import dev.sluice.mock.RecordedRequest;
import dev.sluice.usage.event.Outcome;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageSource;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway on a random port in front of the fake upstream (OpenAI and Anthropic wire formats): streaming and
 * not, usage and cost of every request, cancellation, timeouts, upstream errors, limits.
 */
class ChatCompletionsIntegrationTests extends GatewayIntegrationTest {

    static String chat(String model, boolean stream) {
        return """
                {"model":"%s","stream":%s,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello to the gateway"}],"temperature":0.2,"seed":7,"user":"alice","metadata":{"team":"search"},"x_vendor_field":{"keep":true}}"""
                .formatted(model, stream);
    }

    WebTestClient.ResponseSpec post(String body, String requestId) {
        return client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .header("x-request-id", requestId).bodyValue(body).exchange();
    }

    @Test
    void streamsFromAnOpenAiCompatibleUpstreamAndRecordsProviderUsageAndCost() {
        var result = post(chat("gpt-test", true), "req-stream-1")
                .expectStatus().isOk()
                .expectHeader().valueEquals("x-request-id", "req-stream-1")
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
                .expectBody(String.class).returnResult().getResponseBody();

        SseFrames frames = SseFrames.parse(result);
        assertThat(frames.done()).isTrue();
        assertThat(frames.chunks()).allSatisfy(c -> assertThat(c.path("object").asString()).isEqualTo("chat.completion.chunk"));
        assertThat(frames.content()).isNotBlank();
        assertThat(frames.chunks()).as("usage chunk the client did not ask for is stripped")
                .noneMatch(c -> c.path("choices").isEmpty());

        RecordedRequest upstream = lastUpstream("/v1/chat/completions");
        JsonNode sent = JsonMapper.shared().readTree(upstream.body());
        assertThat(sent.path("model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(sent.path("seed").asInt()).isEqualTo(7);
        assertThat(sent.path("user").asString()).isEqualTo("alice");
        assertThat(sent.path("x_vendor_field").path("keep").asBoolean()).as("unknown fields pass through").isTrue();
        assertThat(upstream.headers()).containsEntry("x-request-id", "req-stream-1");

        UsageEvent event = usage.awaitRequest("req-stream-1");
        assertThat(event.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(event.streamed()).isTrue();
        assertThat(event.usage().source()).isEqualTo(UsageSource.PROVIDER);
        assertThat(event.usage().completionTokens()).isEqualTo(8);
        assertThat(event.usage().promptTokens()).isPositive();
        assertThat(event.provider()).isEqualTo("fake-openai");
        assertThat(event.model()).isEqualTo("gpt-test");
        assertThat(event.clientUser()).isEqualTo("alice");
        assertThat(event.metadata()).containsEntry("team", "search");
        assertThat(event.timeToFirstTokenMs()).isNotNull();
        assertThat(event.priceVersion()).matches("\\d{4}\\.\\d{2}\\.\\d{2}");
        // gpt-4o-mini: $0.15 per 1M input, $0.60 per 1M output
        BigDecimal expected = new BigDecimal("0.15").multiply(BigDecimal.valueOf(event.usage().promptTokens()))
                .add(new BigDecimal("0.60").multiply(BigDecimal.valueOf(8)))
                .divide(BigDecimal.valueOf(1_000_000));
        assertThat(event.costUsd()).isEqualByComparingTo(expected);
    }

    @Test
    void keepsTheUsageChunkWhenTheClientAsksForIt() {
        String body = chat("gpt-test", true).replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        String result = post(body, "req-usage-chunk").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        JsonNode usageChunk = SseFrames.parse(result).last();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void passesARecordedOpenAiStreamThroughByteForByte() throws IOException {
        String body = chat("gpt-cassette", true).replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");
        byte[] result = post(body, "req-cassette").expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();

        assertThat(result).isEqualTo(Files.readAllBytes(Path.of("src/test/resources/cassettes/openai/chat-stream-include-usage.sse")));
        UsageEvent event = usage.awaitRequest("req-cassette");
        assertThat(event.usage().promptTokens()).isEqualTo(1420);
        assertThat(event.usage().cachedTokens()).isEqualTo(1280);
        assertThat(event.usage().completionTokens()).isEqualTo(100);
        assertThat(event.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
        // gpt-4o: (1420-1280)*2.50 + 1280*1.25 + 100*10.00 per 1M
        assertThat(event.costUsd()).isEqualByComparingTo("0.00295");
    }

    @Test
    void answersNonStreamingRequestsWithTheUpstreamBodyAndItsUsage() {
        var result = post(chat("gpt-test", false), "req-plain").expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader().valueEquals("x-request-id", "req-plain")
                .expectBody().returnResult();
        byte[] bytes = result.getResponseBodyContent();
        assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(bytes.length);
        JsonNode body = JsonMapper.shared().readTree(bytes);

        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("content").asString()).isNotBlank();
        UsageEvent event = usage.awaitRequest("req-plain");
        assertThat(event.streamed()).isFalse();
        assertThat(event.usage().completionTokens()).isEqualTo(body.path("usage").path("completion_tokens").asLong());
        assertThat(event.usage().promptTokens()).isEqualTo(body.path("usage").path("prompt_tokens").asLong());
    }

    @Test
    void translatesAnAnthropicStreamIntoOpenAiChunks() {
        String result = post(chat("claude-cassette", true), "req-claude-stream").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        SseFrames frames = SseFrames.parse(result);
        assertThat(frames.done()).isTrue();
        assertThat(frames.content()).isEqualTo("**Pete** or **Scoop**");
        assertThat(frames.chunks()).anySatisfy(c ->
                assertThat(c.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop"));
        RecordedRequest upstream = lastUpstream("/v1/messages");
        JsonNode sent = JsonMapper.shared().readTree(upstream.body());
        assertThat(sent.path("system").toString()).contains("Be brief.");
        assertThat(sent.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(sent.path("max_tokens").asInt()).isPositive();
        assertThat(upstream.headers()).containsEntry("x-api-key", "test-anthropic-key").containsKey("anthropic-version");

        UsageEvent event = usage.awaitRequest("req-claude-stream");
        assertThat(event.usage().source()).isEqualTo(UsageSource.PROVIDER);
        assertThat(event.usage().promptTokens()).isEqualTo(17);
        assertThat(event.usage().completionTokens()).isEqualTo(12);
        // claude-sonnet-4-5: $3 in, $15 out per 1M
        assertThat(event.costUsd()).isEqualByComparingTo("0.000231");
    }

    @Test
    void translatesAnthropicToolUseIntoOpenAiToolCalls() {
        String result = post(chat("claude-cassette-tools", true), "req-claude-tools").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        SseFrames frames = SseFrames.parse(result);
        StringBuilder firstCallArguments = new StringBuilder();
        frames.chunks().forEach(c -> c.path("choices").path(0).path("delta").path("tool_calls").forEach(call -> {
            if (call.path("index").asInt() == 0) {
                firstCallArguments.append(call.path("function").path("arguments").asString(""));
            }
        }));
        assertThat(JsonMapper.shared().readTree(firstCallArguments.toString()).has("location")).isTrue();
        assertThat(frames.chunks()).anySatisfy(c ->
                assertThat(c.path("choices").path(0).path("finish_reason").asString()).isEqualTo("tool_calls"));
    }

    @Test
    void answersNonStreamingAnthropicRequestsInOpenAiShape() {
        JsonNode body = post(chat("claude-test", false), "req-claude-plain").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(body.path("object").asString()).isEqualTo("chat.completion");
        assertThat(body.path("choices").path(0).path("message").path("role").asString()).isEqualTo("assistant");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        assertThat(usage.awaitRequest("req-claude-plain").usage().completionTokens()).isEqualTo(8);
    }

    @Test
    void aClientThatDisconnectsCancelsTheUpstreamAndItsUsageIsCountedByTheGateway() {
        int cancelledBefore = FakeUpstreams.SERVER.cancelledCount();
        Flux<String> chunks = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json").set("x-request-id", "req-cancel").set("authorization", "Bearer " + DEV_KEY))
                .post().uri("/v1/chat/completions")
                .send(ByteBufFlux.fromString(Mono.just(chat("gpt-slow", true))))
                .responseContent().asString();

        StepVerifier.create(chunks.filter(s -> s.contains("\"content\":\"")).take(5))
                .expectNextCount(5)
                .verifyComplete();

        UsageEvent event = usage.awaitRequest("req-cancel");
        assertThat(event.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(event.errorCode()).isEqualTo("client_cancelled");
        assertThat(event.usage().source()).isEqualTo(UsageSource.GATEWAY);
        assertThat(event.usage().promptTokens()).isGreaterThan(5);
        assertThat(event.usage().completionTokens()).isBetween(4L, 100L);
        assertThat(event.costUsd()).isPositive();
        awaitCancelled(cancelledBefore + 1);
    }

    @Test
    void aClientThatDisconnectsFromAnAnthropicStreamCancelsItToo() {
        int cancelledBefore = FakeUpstreams.SERVER.cancelledCount();
        Flux<String> chunks = HttpClient.create().baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json").set("x-request-id", "req-cancel-claude").set("authorization", "Bearer " + DEV_KEY))
                .post().uri("/v1/chat/completions")
                .send(ByteBufFlux.fromString(Mono.just(chat("claude-slow", true))))
                .responseContent().asString();

        StepVerifier.create(chunks.filter(s -> s.contains("\"content\":\"")).take(3))
                .expectNextCount(3)
                .verifyComplete();

        UsageEvent event = usage.awaitRequest("req-cancel-claude");
        assertThat(event.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(event.usage().promptTokens()).as("input tokens reported at message_start").isPositive();
        awaitCancelled(cancelledBefore + 1);
    }

    @Test
    void anUpstreamThatSendsNoHeadersInTimeGets504() {
        JsonNode error = post(chat("gpt-headers-late", true), "req-ttfb").expectStatus().isEqualTo(504)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(error.path("error").path("code").asString()).isEqualTo("upstream_timeout");
        assertThat(error.path("error").path("message").asString()).contains("first byte");
        UsageEvent event = usage.awaitRequest("req-ttfb");
        assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(event.httpStatus()).isEqualTo(504);
    }

    @Test
    void aStreamThatStallsEndsWithAnErrorEventInsteadOfHanging() {
        String result = post(chat("gpt-stalls", true), "req-idle").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        SseFrames frames = SseFrames.parse(result);
        assertThat(frames.done()).isFalse();
        assertThat(frames.last().path("error").path("code").asString()).isEqualTo("upstream_timeout");
        assertThat(frames.last().path("error").path("message").asString()).contains("idle");
        UsageEvent event = usage.awaitRequest("req-idle");
        assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(event.errorCode()).isEqualTo("upstream_timeout");
    }

    @Test
    void aStreamThatBreaksMidwayEndsWithAnErrorEventAndKeepsItsPartialUsage() {
        String result = post(chat("gpt-breaks", true), "req-break").expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        SseFrames frames = SseFrames.parse(result);
        assertThat(frames.done()).isFalse();
        assertThat(frames.content()).isNotEmpty();
        JsonNode error = frames.last().path("error");
        assertThat(error.path("type").asString()).isEqualTo("upstream_error");
        assertThat(error.has("message") && error.has("param") && error.has("code")).isTrue();
        UsageEvent event = usage.awaitRequest("req-break");
        assertThat(event.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(event.usage().source()).isEqualTo(UsageSource.GATEWAY);
        assertThat(event.usage().completionTokens()).isPositive();
    }

    @Test
    void aRefusedConnectionGets502() {
        JsonNode error = post(chat("gpt-refused", false), "req-refused").expectStatus().isEqualTo(502)
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        assertThat(error.path("error").path("message").asString()).contains("refused");
        assertThat(usage.awaitRequest("req-refused").usage().source()).isEqualTo(UsageSource.NONE);
    }

    @Test
    void upstreamClientErrorsPassThroughWithTheirMessageAndServerErrorsBecome502() {
        JsonNode badRequest = post(chat("gpt-400", false), "req-400").expectStatus().isEqualTo(400)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(badRequest.path("error").path("type").asString()).isEqualTo("invalid_request_error");
        assertThat(badRequest.path("error").path("message").asString()).isNotBlank();

        post(chat("gpt-429", true), "req-429").expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.error.message").isNotEmpty();

        JsonNode serverError = post(chat("gpt-500", true), "req-500").expectStatus().isEqualTo(502)
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(serverError.path("error").path("code").asString()).isEqualTo("upstream_error");

        post(chat("claude-529", false), "req-529").expectStatus().isEqualTo(502)
                .expectBody().jsonPath("$.error.message").isNotEmpty();
        assertThat(usage.awaitRequest("req-500").outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void badInputGetsOpenAiErrorsWithTheRightStatus() {
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"model\":")
                .exchange().expectStatus().isEqualTo(400)
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error")
                .jsonPath("$.error.param").isEmpty();
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange().expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.param").isEqualTo("model");
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"gpt-test\",\"messages\":[]}")
                .exchange().expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.param").isEqualTo("messages");
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"model\":\"gpt-test\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .exchange().expectStatus().isEqualTo(400).expectBody().jsonPath("$.error.param").isEqualTo("stream");
        post(chat("no-such-model", false), "req-404").expectStatus().isEqualTo(404)
                .expectBody().jsonPath("$.error.code").isEqualTo("model_not_found");
        client.get().uri("/v1/nothing-here").exchange().expectStatus().isEqualTo(404)
                .expectHeader().exists("x-request-id")
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error");
        client.get().uri("/v1/chat/completions").exchange().expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.error.message").isNotEmpty();
        assertThat(usage.awaitRequest("req-404").outcome()).isEqualTo(Outcome.REJECTED);
    }

    /** POST /v1/chat/completions is served ahead of the router (ChatCompletionsDirectRoute); the rest is the router's. */
    @Test
    void theDirectRouteTakesExactlyPostOnThePathAndLeavesTheRestToTheRouter() {
        client.post().uri("/v1/chat/completions?api-version=2024-10-21").contentType(MediaType.APPLICATION_JSON)
                .header("x-request-id", "req-direct-query").bodyValue(chat("gpt-test", false))
                .exchange().expectStatus().isOk()
                .expectHeader().valueEquals("x-request-id", "req-direct-query")
                .expectBody().jsonPath("$.object").isEqualTo("chat.completion");
        client.post().uri("/v1/chat/completions/").contentType(MediaType.APPLICATION_JSON).bodyValue(chat("gpt-test", false))
                .exchange().expectStatus().isEqualTo(404)
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error");
        client.put().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue(chat("gpt-test", false))
                .exchange().expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.error.message").isNotEmpty();
        client.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("[1,2]")
                .exchange().expectStatus().isEqualTo(400)
                .expectHeader().exists("x-request-id")
                .expectBody().jsonPath("$.error.type").isEqualTo("invalid_request_error");
    }

    @Test
    void bodiesOverTheLimitGet413AndLargeOnesUnderItPass() {
        String big = "x".repeat(200 * 1024);
        post(chat("gpt-test", false).replace("Say hello to the gateway", big), "req-big").expectStatus().isOk();
        String tooBig = "x".repeat(300 * 1024);
        post(chat("gpt-test", false).replace("Say hello to the gateway", tooBig), "req-too-big")
                .expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error.code").isEqualTo("request_too_large");
    }

    @Test
    void twoHundredConcurrentStreamsAllCompleteWithTheirUsage() {
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection()).baseUrl("http://127.0.0.1:" + port)
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json").set("authorization", "Bearer " + DEV_KEY));
        String body = chat("gpt-test", true).replace("\"user\":\"alice\"", "\"user\":\"load\"");
        Mono<List<String>> all = Flux.range(0, 200)
                .flatMap(i -> http.post().uri("/v1/chat/completions")
                        .send(ByteBufFlux.fromString(Mono.just(body)))
                        .responseSingle((response, content) -> content.asString()), 200)
                .collectList();

        StepVerifier.create(all)
                .assertNext(bodies -> {
                    assertThat(bodies).hasSize(200);
                    assertThat(bodies).allSatisfy(b -> {
                        SseFrames frames = SseFrames.parse(b);
                        assertThat(frames.done()).isTrue();
                        assertThat(frames.content()).isNotBlank();
                    });
                })
                .verifyComplete();
        List<UsageEvent> events = usage.await(e -> "load".equals(e.clientUser()), 200);
        assertThat(events).hasSize(200).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.COMPLETED));
    }

    private RecordedRequest lastUpstream(String path) {
        return FakeUpstreams.SERVER.requests().reversed().stream()
                .filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }

    private static void awaitCancelled(int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (FakeUpstreams.SERVER.cancelledCount() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(FakeUpstreams.SERVER.cancelledCount()).as("the fake upstream saw the cancel").isGreaterThanOrEqualTo(count);
    }
}
