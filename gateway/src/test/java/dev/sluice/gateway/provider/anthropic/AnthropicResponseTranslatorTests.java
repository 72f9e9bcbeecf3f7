package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.error.OpenAiErrors;
import dev.sluice.gateway.usage.UsageMeter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.sluice.gateway.provider.anthropic.Cassettes.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicResponseTranslatorTests {

    private static final String ALIAS = "claude-fast";

    private final UsageMeter meter = new UsageMeter();

    @Test
    void textMessageBecomesChatCompletionInOpenAiShape() {
        JsonNode completion = translate("anthropic/messages-nonstream.json");

        assertThat(keys(completion)).containsExactly("id", "object", "created", "model", "choices", "usage",
                "system_fingerprint");
        assertThat(keys(openAiRecording())).containsSubsequence(keys(completion));
        assertThat(completion.get("id").stringValue()).isEqualTo("chatcmpl-msg_01Ctc62hUPvikvYASXZqTo9q");
        assertThat(completion.get("object").stringValue()).isEqualTo("chat.completion");
        assertThat(completion.get("model").stringValue()).isEqualTo(ALIAS);
        assertThat(completion.get("created").asLong())
                .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
        JsonNode choice = completion.get("choices").get(0);
        assertThat(keys(choice)).containsExactly("index", "message", "logprobs", "finish_reason");
        assertThat(choice.get("finish_reason").stringValue()).isEqualTo("stop");
        JsonNode message = choice.get("message");
        assertThat(keys(message)).containsExactly("role", "content", "refusal", "annotations");
        assertThat(message.get("content").stringValue())
                .startsWith("Yes, I am capable of analyzing and describing images").endsWith("visual elements.");
        assertThat(completion.get("usage").toString()).isEqualTo("{\"prompt_tokens\":29,\"completion_tokens\":46,"
                + "\"total_tokens\":75,\"prompt_tokens_details\":{\"cached_tokens\":0}}");

        assertThat(meter.upstreamModel()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(meter.promptTokens()).isEqualTo(29);
        assertThat(meter.completionTokens()).isEqualTo(46);
        assertThat(meter.completionText()).isEqualTo(message.get("content").stringValue());
    }

    @Test
    void toolUseBecomesToolCallsWithCompactArguments() {
        JsonNode completion = translate("anthropic/messages-tools-nonstream.json");

        JsonNode choice = completion.get("choices").get(0);
        assertThat(choice.get("finish_reason").stringValue()).isEqualTo("tool_calls");
        JsonNode message = choice.get("message");
        assertThat(message.get("content").isNull()).isTrue();
        JsonNode call = message.get("tool_calls").get(0);
        assertThat(message.get("tool_calls")).hasSize(1);
        assertThat(keys(call)).containsExactly("id", "type", "function");
        assertThat(call.get("id").stringValue()).isEqualTo("toolu_01SPFDdcu8vF1EsjtoTa6cYx");
        assertThat(call.get("type").stringValue()).isEqualTo("function");
        assertThat(call.path("function").get("name").stringValue()).isEqualTo("get_weather");
        assertThat(call.path("function").get("arguments").stringValue())
                .isEqualTo("{\"location\":\"San Francisco, CA\"}");
        assertThat(completion.path("usage").get("prompt_tokens").asLong()).isEqualTo(669);
        assertThat(completion.path("usage").get("completion_tokens").asLong()).isEqualTo(57);
        assertThat(meter.completionText()).contains("get_weather", "San Francisco, CA");
    }

    @Test
    void cacheWritesCountAsPromptTokensButNotAsCached() {
        JsonNode completion = translate("anthropic/messages-cache-write-nonstream.json");

        JsonNode usage = completion.get("usage");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(17 + 2056);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(100);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(17 + 2056 + 100);
        assertThat(usage.path("prompt_tokens_details").get("cached_tokens").asLong()).isZero();
        assertThat(completion.get("choices").get(0).get("finish_reason").stringValue()).isEqualTo("length");
        assertThat(meter.promptTokens()).isEqualTo(2073);
        assertThat(meter.cacheWriteTokens()).isEqualTo(2056);
        assertThat(meter.cachedTokens()).isZero();
    }

    @Test
    void thinkingBlocksAreLeftOutAndTextBlocksJoined() {
        String body = """
                {"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[
                {"type":"thinking","thinking":"secret plan","signature":"sig"},
                {"type":"text","text":"Hello, "},
                {"type":"redacted_thinking","data":"xyz"},
                {"type":"text","text":"world."}],
                "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":9}}""";
        JsonNode completion = JSON.readTree(AnthropicResponseTranslator.toChatCompletion(
                body.getBytes(StandardCharsets.UTF_8), ALIAS, meter));

        assertThat(completion.path("choices").get(0).path("message").get("content").stringValue())
                .isEqualTo("Hello, world.");
        assertThat(completion.toString()).doesNotContain("secret plan");
        assertThat(meter.completionText()).isEqualTo("Hello, world.");
    }

    @ParameterizedTest
    @CsvSource({
            "end_turn, stop", "stop_sequence, stop", "pause_turn, stop", "max_tokens, length",
            "model_context_window_exceeded, length", "tool_use, tool_calls", "refusal, content_filter"})
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) {
        String body = "{\"id\":\"msg_1\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}],\"stop_reason\":\""
                + stopReason + "\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}";
        JsonNode completion = JSON.readTree(AnthropicResponseTranslator.toChatCompletion(
                body.getBytes(StandardCharsets.UTF_8), ALIAS, meter));

        assertThat(completion.path("choices").get(0).get("finish_reason").stringValue()).isEqualTo(finishReason);
    }

    @Test
    void bodyThatIsNotJsonIsAnUpstreamFailure() {
        assertThatThrownBy(() -> AnthropicResponseTranslator.toChatCompletion(
                "<html>oops</html>".getBytes(StandardCharsets.UTF_8), ALIAS, meter))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.error()).isInstanceOf(GatewayError.UpstreamFailed.class));
    }

    @Test
    void recorded400IsPassedOnAsInvalidRequest() {
        GatewayError error = recordedError("anthropic/error-400-invalid-request.json");

        assertThat(error).isEqualTo(new GatewayError.UpstreamRejected(400,
                "messages.0: Input does not match the expected shape.", "invalid_request_error", null, null));
        assertThat(OpenAiErrors.status(error)).isEqualTo(400);
    }

    @Test
    void recorded401IsPassedOnWithACodeThatBlamesTheUpstreamCredentials() {
        GatewayError error = recordedError("anthropic/error-401-authentication.json");

        assertThat(error).isEqualTo(new GatewayError.UpstreamRejected(401, "invalid x-api-key",
                "authentication_error", null, "upstream_authentication_failed"));
    }

    @Test
    void recorded404ForAModelNamesTheModelParameter() {
        GatewayError error = recordedError("anthropic/error-404-not-found.json");

        assertThat(error).isEqualTo(new GatewayError.UpstreamRejected(404, "model: claude-sonet-4-5",
                "invalid_request_error", "model", "model_not_found"));
        JsonNode body = JSON.readTree(OpenAiErrors.body(error));
        assertThat(keys(body.get("error"))).containsExactly("message", "type", "param", "code");
    }

    @Test
    void overloaded529AndServerErrorsAreUpstreamFailures() {
        byte[] overloaded = "{\"type\":\"error\",\"error\":{\"details\":null,\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_1\"}"
                .getBytes(StandardCharsets.UTF_8);
        GatewayError error = AnthropicResponseTranslator.toGatewayError(529, overloaded, "anthropic");

        assertThat(error).isEqualTo(new GatewayError.UpstreamFailed("anthropic", "Overloaded"));
        assertThat(OpenAiErrors.status(error)).isEqualTo(502);

        GatewayError html = AnthropicResponseTranslator.toGatewayError(503,
                "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), "claude-eu");
        assertThat(html).isEqualTo(new GatewayError.UpstreamFailed("claude-eu", "Upstream `claude-eu` answered HTTP 503."));
    }

    @Test
    void rateLimitAndPromptTooLongGetOpenAiCodes() {
        GatewayError rateLimited = AnthropicResponseTranslator.toGatewayError(429,
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}"
                        .getBytes(StandardCharsets.UTF_8), "anthropic");
        assertThat(rateLimited).isEqualTo(new GatewayError.UpstreamRejected(429, "slow down", "rate_limit_error", null,
                "rate_limit_exceeded"));

        GatewayError tooLong = AnthropicResponseTranslator.toGatewayError(400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 210000 tokens > 200000 maximum\"}}"
                        .getBytes(StandardCharsets.UTF_8), "anthropic");
        assertThat(OpenAiErrors.code(tooLong)).isEqualTo("context_length_exceeded");
    }

    private JsonNode translate(String cassette) {
        return JSON.readTree(AnthropicResponseTranslator.toChatCompletion(Cassettes.responseBody(cassette), ALIAS, meter));
    }

    private static GatewayError recordedError(String cassette) {
        return AnthropicResponseTranslator.toGatewayError(Cassettes.responseStatus(cassette),
                Cassettes.responseBody(cassette), "anthropic");
    }

    private static JsonNode openAiRecording() {
        return JSON.readTree(Cassettes.responseBody("openai/chat-nonstream.json"));
    }

    private static List<String> keys(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
