package dev.sluice.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class MockLlmTests {

  private static final String OBFUSCATION = "obfuscation";
  private static final String WEATHER_TOOL = """
      {"type":"function","function":{"name":"get_current_weather","description":"Get the current weather",
       "parameters":{"type":"object","properties":{"location":{"type":"string"},
       "unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"}},"required":["location"]}}}""";

  private final MockLlm llm = new MockLlm();
  private final MockBehavior fiveTokens = MockBehavior.defaults().withTokens(5);

  private static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  private static JsonNode chatRequest(String extra) {
    return json("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a joke\"}]"
        + extra + "}");
  }

  private static List<Wire.Event> recorded(String sse) {
    return Wire.events(Wire.text(Wire.resource(sse)));
  }

  @Test
  void openAiStreamFramesHaveTheRecordedShapes() {
    List<String> frames = Wire.frames(llm.openAiChatStream(chatRequest(",\"stream\":true"), fiveTokens));
    List<Wire.Event> real = recorded("openai/chat-stream.sse");

    assertThat(frames).hasSize(1 + 5 + 1 + 1).allSatisfy(frame -> assertThat(frame).startsWith("data: ").endsWith("\n\n"));
    assertThat(frames.getLast()).isEqualTo("data: [DONE]\n\n");
    List<Wire.Event> ours = Wire.events(String.join("", frames));
    assertThat(Wire.shape(ours.get(0).json())).isEqualTo(Wire.shape(real.get(0).json(), OBFUSCATION));
    assertThat(Wire.shape(ours.get(1).json())).isEqualTo(Wire.shape(real.get(1).json(), OBFUSCATION));
    Wire.Event realFinish = real.get(real.size() - 2);
    assertThat(Wire.shape(ours.get(6).json())).isEqualTo(Wire.shape(realFinish.json(), OBFUSCATION));
    assertThat(ours.get(0).json().path("choices").path(0).path("delta").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}");
    assertThat(ours.get(6).json().path("choices").path(0).path("delta").isEmpty()).isTrue();
    assertThat(ours.get(6).json().path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
    assertThat(ours.subList(0, 7)).extracting(e -> e.json().path("id").stringValue()).containsOnly(ours.get(0).json().path("id").stringValue());
    assertThat(ours.get(0).json().path("id").stringValue()).startsWith("chatcmpl-mock");
    assertThat(ours.get(0).json().path("model").stringValue()).isEqualTo("gpt-4o-mini");
    assertThat(String.join("", frames)).doesNotContain("\"usage\"");
    StringBuilder content = new StringBuilder();
    ours.subList(1, 6).forEach(e -> content.append(e.json().path("choices").path(0).path("delta").path("content").stringValue()));
    assertThat(content.toString()).isEqualTo(MockText.text(5)).startsWith("Sluice streams");
  }

  @Test
  void includeUsageAddsUsageNullToEveryChunkAndAFinalUsageChunk() {
    JsonNode request = chatRequest(",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    List<Wire.Event> ours = Wire.events(String.join("", Wire.frames(llm.openAiChatStream(request, fiveTokens))));
    List<Wire.Event> real = recorded("openai/chat-stream-include-usage.sse");

    assertThat(ours).hasSize(1 + 5 + 1 + 1 + 1);
    assertThat(ours.subList(0, 7)).allSatisfy(e -> {
      assertThat(e.json().has("usage")).isTrue();
      assertThat(e.json().path("usage").isNull()).isTrue();
    });
    assertThat(Wire.shape(ours.get(1).json())).isEqualTo(Wire.shape(real.get(1).json()));
    JsonNode usageChunk = ours.get(7).json();
    assertThat(Wire.shape(usageChunk)).isEqualTo(Wire.shape(real.get(real.size() - 2).json()));
    assertThat(usageChunk.path("choices").isArray()).isTrue();
    assertThat(usageChunk.path("choices").isEmpty()).isTrue();
    assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
    assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(3 + 4 + 4); // priming + per message + "Tell me a joke"
    assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(16);
    assertThat(usageChunk.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();
    assertThat(ours.get(8).data()).isEqualTo("[DONE]");
  }

  @Test
  void maxTokensCapsTheTokensAndFinishesWithLength() {
    JsonNode request = chatRequest(",\"stream\":true,\"max_completion_tokens\":2");
    List<Wire.Event> ours = Wire.events(String.join("", Wire.frames(llm.openAiChatStream(request, fiveTokens))));

    assertThat(ours).hasSize(1 + 2 + 1 + 1);
    assertThat(ours.get(3).json().path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("length");
  }

  @Test
  void offeredToolsAreAnsweredWithAStreamedToolCallWhoseFragmentsFormValidJson() {
    JsonNode request = chatRequest(",\"stream\":true,\"tools\":[" + WEATHER_TOOL + "]");
    List<Wire.Event> ours = Wire.events(String.join("", Wire.frames(llm.openAiChatStream(request, fiveTokens))));
    List<Wire.Event> real = recorded("openai/chat-tools-stream.sse");

    assertThat(Wire.shape(ours.get(0).json())).isEqualTo(Wire.shape(real.get(0).json(), OBFUSCATION));
    assertThat(Wire.shape(ours.get(1).json())).isEqualTo(Wire.shape(real.get(1).json(), OBFUSCATION));
    JsonNode header = ours.get(0).json().path("choices").path(0).path("delta").path("tool_calls").path(0);
    assertThat(header.path("function").path("name").stringValue()).isEqualTo("get_current_weather");
    assertThat(header.path("id").stringValue()).startsWith("call_");
    StringBuilder arguments = new StringBuilder();
    for (Wire.Event event : ours.subList(1, ours.size() - 2)) {
      arguments.append(event.json().path("choices").path(0).path("delta").path("tool_calls").path(0)
          .path("function").path("arguments").stringValue());
    }
    assertThat(ours.size()).isGreaterThan(4);
    JsonNode parsed = json(arguments.toString());
    assertThat(parsed.path("location").isString()).isTrue();
    assertThat(parsed.path("unit").stringValue()).isEqualTo("celsius");
    assertThat(parsed.path("days").isInt()).isTrue();
    assertThat(ours.get(ours.size() - 2).json().path("choices").path(0).path("finish_reason").stringValue())
        .isEqualTo("tool_calls");
  }

  @Test
  void toolChoiceNoneAnswersWithText() {
    JsonNode request = chatRequest(",\"tool_choice\":\"none\",\"tools\":[" + WEATHER_TOOL + "]");
    JsonNode body = json(Wire.text(llm.openAiChatCompletion(request, fiveTokens).block(Duration.ofSeconds(5))));

    assertThat(body.path("choices").path(0).path("message").path("content").stringValue()).isEqualTo(MockText.text(5));
    assertThat(body.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
  }

  @Test
  void nonStreamCompletionHasTheRecordedKeyOrderAndHonoursN() {
    String text = Wire.text(llm.openAiChatCompletion(chatRequest(",\"n\":2"), fiveTokens).block(Duration.ofSeconds(5)));
    JsonNode body = json(text);

    assertThat(Wire.shape(body)).isEqualTo(Wire.shape(Wire.recordedBody("openai/chat-nonstream.json")));
    assertThat(text).startsWith("{\n  \"id\": \"chatcmpl-mock").endsWith("}\n").contains("\"annotations\": []");
    assertThat(body.path("object").stringValue()).isEqualTo("chat.completion");
    assertThat(body.path("choices")).hasSize(2);
    assertThat(body.path("choices").path(1).path("index").asInt()).isEqualTo(1);
    assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(10);
  }

  @Test
  void nonStreamToolCallHasTheRecordedShape() {
    JsonNode request = chatRequest(",\"tool_choice\":\"auto\",\"tools\":[" + WEATHER_TOOL + "]");
    JsonNode body = json(Wire.text(llm.openAiChatCompletion(request, fiveTokens).block(Duration.ofSeconds(5))));

    assertThat(Wire.shape(body)).isEqualTo(Wire.shape(Wire.recordedBody("openai/chat-tools-nonstream.json")));
    JsonNode call = body.path("choices").path(0).path("message").path("tool_calls").path(0);
    assertThat(json(call.path("function").path("arguments").stringValue()).path("location").isString()).isTrue();
    assertThat(body.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("tool_calls");
  }

  @Test
  void anthropicStreamSendsTheEventsInTheRecordedOrderAndShapes() {
    JsonNode request = json("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":100,\"stream\":true,"
        + "\"system\":\"Be brief\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi there\"}]}");
    List<String> frames = Wire.frames(llm.anthropicMessagesStream(request, fiveTokens));
    List<Wire.Event> ours = Wire.events(String.join("", frames));
    List<Wire.Event> real = recorded("anthropic/messages-stream.sse");

    assertThat(frames).allSatisfy(frame -> assertThat(frame).startsWith("event: ").endsWith("\n\n"));
    assertThat(ours).extracting(Wire.Event::name).containsExactly("message_start", "content_block_start", "ping",
        "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    for (int i : new int[] {0, 1, 3}) {
      assertThat(Wire.shape(ours.get(i).json())).as(ours.get(i).name()).isEqualTo(Wire.shape(real.get(i).json()));
    }
    for (int i = 1; i <= 3; i++) {
      int fromEnd = ours.size() - i;
      assertThat(Wire.shape(ours.get(fromEnd).json())).isEqualTo(Wire.shape(real.get(real.size() - i).json()));
    }
    assertThat(frames.get(2)).isEqualTo("event: ping\ndata: {\"type\": \"ping\"}\n\n");
    JsonNode message = ours.get(0).json().path("message");
    assertThat(message.path("id").stringValue()).startsWith("msg_mock");
    assertThat(message.path("model").stringValue()).isEqualTo("claude-sonnet-4-6");
    assertThat(message.path("usage").path("input_tokens").asInt()).isEqualTo(3 + 2 + 4 + 2);
    JsonNode delta = ours.get(ours.size() - 2).json();
    assertThat(delta.path("delta").path("stop_reason").stringValue()).isEqualTo("end_turn");
    assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(5);
  }

  @Test
  void anthropicToolsAreAnsweredWithAToolUseBlockOfInputJsonDeltas() {
    JsonNode request = json("{\"model\":\"claude\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"weather?\"}]}],\"tools\":[{\"name\":\"get_weather\","
        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}]}");
    List<Wire.Event> ours = Wire.events(String.join("", Wire.frames(llm.anthropicMessagesStream(request, fiveTokens))));
    List<Wire.Event> real = recorded("anthropic/messages-tools-stream.sse");
    Wire.Event realToolStart = real.stream()
        .filter(e -> e.data().contains("\"tool_use\"") && "content_block_start".equals(e.name())).findFirst().orElseThrow();

    assertThat(ours.get(1).name()).isEqualTo("content_block_start");
    assertThat(Wire.shape(ours.get(1).json())).isEqualTo(Wire.shape(realToolStart.json()));
    assertThat(ours.get(2).name()).isEqualTo("ping");
    assertThat(ours.get(3).json().path("delta").path("partial_json").stringValue()).isEmpty();
    StringBuilder input = new StringBuilder();
    ours.stream().filter(e -> "content_block_delta".equals(e.name()))
        .forEach(e -> input.append(e.json().path("delta").path("partial_json").stringValue()));
    assertThat(json(input.toString()).path("location").isString()).isTrue();
    assertThat(ours.get(ours.size() - 2).json().path("delta").path("stop_reason").stringValue()).isEqualTo("tool_use");
  }

  @Test
  void anthropicNonStreamMessageHasTheRecordedShape() {
    JsonNode tools = json("{\"model\":\"claude\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"w\"}],"
        + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\",\"properties\":"
        + "{\"location\":{\"type\":\"string\"}}}}]}");
    JsonNode toolBody = json(Wire.text(llm.anthropicMessage(tools, fiveTokens).block(Duration.ofSeconds(5))));
    JsonNode text = json("{\"model\":\"claude\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\",\"content\":\"w\"}]}");
    JsonNode textBody = json(Wire.text(llm.anthropicMessage(text, fiveTokens).block(Duration.ofSeconds(5))));

    assertThat(Wire.shape(toolBody)).isEqualTo(Wire.shape(Wire.recordedBody("anthropic/messages-tools-nonstream.json")));
    assertThat(toolBody.path("stop_reason").stringValue()).isEqualTo("tool_use");
    assertThat(textBody.path("content").path(0).path("text").stringValue()).isEqualTo(MockText.text(3));
    assertThat(textBody.path("stop_reason").stringValue()).isEqualTo("max_tokens");
    assertThat(textBody.path("usage").path("output_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void embeddingsInBase64DecodeToTheSameFloatsAsTheFloatFormat() {
    JsonNode floats = json(Wire.text(llm.openAiEmbeddings(json("{\"model\":\"m\",\"input\":[\"hello world\",\"bye\"]}"))));
    JsonNode base64 = json(Wire.text(llm.openAiEmbeddings(
        json("{\"model\":\"m\",\"input\":[\"hello world\",\"bye\"],\"encoding_format\":\"base64\"}"))));

    assertThat(Wire.shape(floats)).isEqualTo(Wire.shape(Wire.recordedBody("openai/embeddings-float.json")));
    assertThat(floats.path("data")).hasSize(2);
    assertThat(floats.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
    for (int index = 0; index < 2; index++) {
      JsonNode vector = floats.path("data").path(index).path("embedding");
      ByteBuffer decoded = ByteBuffer.wrap(Base64.getDecoder().decode(
          base64.path("data").path(index).path("embedding").stringValue())).order(ByteOrder.LITTLE_ENDIAN);
      assertThat(vector).hasSize(OpenAiEmbeddings.DEFAULT_DIMENSIONS);
      assertThat(decoded.remaining()).isEqualTo(OpenAiEmbeddings.DEFAULT_DIMENSIONS * Float.BYTES);
      double sumOfSquares = 0;
      for (JsonNode value : vector) {
        assertThat(decoded.getFloat()).isEqualTo(value.floatValue());
        sumOfSquares += value.doubleValue() * value.doubleValue();
      }
      assertThat(sumOfSquares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }
    assertThat(floats.path("data").path(0).path("embedding")).isNotEqualTo(floats.path("data").path(1).path("embedding"));
  }

  @Test
  void embeddingsHonourDimensionsAndTokenArraysDeterministically() {
    JsonNode request = json("{\"model\":\"m\",\"input\":[[1,2,3],[4,5]],\"dimensions\":8}");
    JsonNode first = json(Wire.text(llm.openAiEmbeddings(request)));
    JsonNode second = json(Wire.text(llm.openAiEmbeddings(request)));

    assertThat(first.path("data").path(0).path("embedding")).hasSize(8);
    assertThat(first.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    assertThat(first).isEqualTo(second);
  }

  @Test
  void failAfterTokensErrorsTheStreamAfterThatManyContentTokens() {
    JsonNode request = chatRequest(",\"stream\":true");
    StepVerifier.create(llm.openAiChatStream(request, fiveTokens.withFailAfterTokens(2)).map(Wire::text))
        .assertNext(role -> assertThat(role).contains("\"role\":\"assistant\""))
        .assertNext(token -> assertThat(token).contains("\"content\":\"Sluice\""))
        .assertNext(token -> assertThat(token).contains("\"content\":\" streams\""))
        .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(MockStreamFailure.class)
            .extracting(e -> ((MockStreamFailure) e).tokensEmitted()).isEqualTo(2))
        .verify(Duration.ofSeconds(5));
    StepVerifier.create(llm.openAiChatCompletion(chatRequest(""), fiveTokens.withFailAfterTokens(0)))
        .expectError(MockStreamFailure.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void streamWaitsTimeToFirstTokenThenOneTokenPerInterTokenDelay() {
    MockBehavior paced = fiveTokens.withTokens(3).withTimeToFirstToken(Duration.ofSeconds(2))
        .withInterTokenDelay(Duration.ofMillis(100));
    StepVerifier.withVirtualTime(() -> llm.anthropicMessagesStream(
            json("{\"model\":\"c\",\"stream\":true,\"messages\":[]}"), paced))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(1999))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(4) // message_start, content_block_start, ping, first token
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(1)
        .thenAwait(Duration.ofMillis(100))
        .expectNextCount(1 + 3) // last token, then block stop, message_delta, message_stop at once
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void nonStreamResponseWaitsTtftPlusOneDelayPerToken() {
    MockBehavior paced = fiveTokens.withTimeToFirstToken(Duration.ofMillis(500)).withInterTokenDelay(Duration.ofMillis(100));
    StepVerifier.withVirtualTime(() -> llm.openAiChatCompletion(chatRequest(""), paced))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(1)
        .expectComplete()
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void modelsListsTheGivenIds() {
    JsonNode body = json(Wire.text(llm.openAiModels(List.of("a", "b"))));

    assertThat(body.path("object").stringValue()).isEqualTo("list");
    assertThat(body.path("data")).extracting(m -> m.path("id").stringValue()).containsExactly("a", "b");
    assertThat(body.path("data").path(0).path("object").stringValue()).isEqualTo("model");
  }
}
