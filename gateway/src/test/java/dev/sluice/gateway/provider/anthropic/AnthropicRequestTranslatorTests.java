package dev.sluice.gateway.provider.anthropic;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.error.GatewayException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

import static dev.sluice.gateway.provider.anthropic.Cassettes.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicRequestTranslatorTests {

    private static final String MODEL = "claude-sonnet-4-6";
    /** Top-level fields the Messages API accepts that this translator may write. */
    private static final Set<String> ANTHROPIC_FIELDS = Set.of("model", "max_tokens", "system", "messages",
            "stop_sequences", "temperature", "top_p", "stream", "metadata", "tools", "tool_choice");

    @Test
    void simpleRequestKeepsModelDefaultsMaxTokensAndStream() {
        ObjectNode out = translate("""
                {"model":"claude-fast","messages":[{"role":"user","content":"Hi"}],"stream":true}""");

        assertThat(out.toString()).isEqualTo("{\"model\":\"claude-sonnet-4-6\",\"max_tokens\":4096,"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],\"stream\":true}");
    }

    @Test
    void systemAndDeveloperMessagesAreHoistedAndJoined() {
        ObjectNode out = translate("""
                {"messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"developer","content":[{"type":"text","text":"Answer in French."},{"type":"text","text":"No emoji."}]},
                  {"role":"user","content":"Hi"},
                  {"role":"system","content":"Late rule."}]}""");

        assertThat(out.get("system").stringValue())
                .isEqualTo("Be brief.\n\nAnswer in French.\nNo emoji.\n\nLate rule.");
        assertThat(out.get("messages")).hasSize(1);
    }

    @Test
    void consecutiveSameRoleMessagesAreMergedSoRolesAlternate() {
        ObjectNode out = translate("""
                {"messages":[
                  {"role":"user","content":"one"},
                  {"role":"user","content":[{"type":"text","text":"two"}]},
                  {"role":"assistant","content":"three"},
                  {"role":"assistant","content":""},
                  {"role":"assistant","content":[{"type":"text","text":"four"}]},
                  {"role":"user","content":"five"}]}""");

        assertThat(out.get("messages").toString()).isEqualTo(JSON.readTree("""
                [{"role":"user","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
                 {"role":"assistant","content":[{"type":"text","text":"three"},{"type":"text","text":"four"}]},
                 {"role":"user","content":[{"type":"text","text":"five"}]}]""").toString());
    }

    @Test
    void imagesFromDataUrlsAndHttpUrls() {
        ObjectNode out = translate("""
                {"messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in these?"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}""");

        assertThat(out.path("messages").get(0).get("content").toString()).isEqualTo(JSON.readTree("""
                [{"type":"text","text":"What is in these?"},
                 {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
                 {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}]""").toString());
    }

    @Test
    void pdfFileDataBecomesADocumentBlock() {
        ObjectNode out = translate("""
                {"messages":[{"role":"user","content":[
                  {"type":"file","file":{"filename":"a.pdf","file_data":"data:application/pdf;base64,JVBERi0="}}]}]}""");

        assertThat(out.path("messages").get(0).get("content").get(0).toString()).isEqualTo(
                "{\"type\":\"document\",\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\","
                        + "\"data\":\"JVBERi0=\"}}");
    }

    @Test
    void imageWithUnsupportedUrlIsRejectedNamingThePart() {
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":[{"type":"text","text":"x"},
                  {"type":"image_url","image_url":{"url":"ftp://example.com/cat.jpg"}}]}]}"""),
                "messages[0].content[1].image_url.url");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"data:image/png,notbase64"}}]}]}"""),
                "messages[0].content[0].image_url.url");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"x","format":"wav"}}]}]}"""),
                "messages[0].content[0].type");
    }

    @Test
    void toolsToolCallsAndToolResultsRoundTrip() {
        ObjectNode out = translate("""
                {"messages":[
                  {"role":"user","content":"Weather in SF and the time?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\\n  \\"location\\": \\"San Francisco, CA\\"\\n}"}},
                    {"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":""}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"15 degrees"},
                  {"role":"tool","tool_call_id":"toolu_2","content":[{"type":"text","text":"10:00"}]},
                  {"role":"user","content":"Thanks"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather",
                   "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}},
                   {"type":"function","function":{"name":"get_time"}}]}""");

        JsonNode messages = out.get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).toString()).isEqualTo(JSON.readTree("""
                {"role":"assistant","content":[
                  {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"San Francisco, CA"}},
                  {"type":"tool_use","id":"toolu_2","name":"get_time","input":{}}]}""").toString());
        assertThat(messages.get(2).toString()).isEqualTo(JSON.readTree("""
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_1","content":"15 degrees"},
                  {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"10:00"}]},
                  {"type":"text","text":"Thanks"}]}""").toString());
        assertThat(out.get("tools").toString()).isEqualTo(JSON.readTree("""
                [{"name":"get_weather","description":"Weather",
                  "input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{}}}]""").toString());
        assertThat(out.has("tool_choice")).isFalse();
    }

    @Test
    void recordedOpenAiToolRequestMatchesTheShapeAnthropicWasSent() {
        ObjectNode openAi = Cassettes.requestBody("openai/chat-tools-stream.request.json");
        ObjectNode out = AnthropicRequestTranslator.toMessagesRequest(openAi, MODEL, 1024);
        JsonNode recordedAnthropicTool = Cassettes.requestBody("anthropic/messages-tools-stream.request.json")
                .get("tools").get(0);

        JsonNode tool = out.get("tools").get(0);
        assertThat(tool.propertyNames()).containsExactlyElementsOf(recordedAnthropicTool.propertyNames());
        assertThat(tool.get("input_schema"))
                .isEqualTo(openAi.get("tools").get(0).path("function").get("parameters"));
        assertThat(out.get("stream").booleanValue()).isTrue();
        assertThat(out.get("messages").get(0).path("content").get(0).get("text").stringValue())
                .isEqualTo("What's the weather like in San Francisco?");
    }

    @Test
    void toolToolUseInToolResultPrecedesUserTextWhenTheyShareATurn() {
        ObjectNode out = translate("""
                {"messages":[
                  {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                  {"role":"user","content":"by the way"},
                  {"role":"tool","tool_call_id":"t1","content":"ok"}]}""");

        JsonNode content = out.get("messages").get(1).get("content");
        assertThat(content.get(0).get("type").stringValue()).isEqualTo("tool_result");
        assertThat(content.get(1).get("type").stringValue()).isEqualTo("text");
    }

    @Test
    void invalidToolArgumentsAreRejectedNamingThem() {
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"},
                  {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}"""),
                "messages[1].tool_calls[0].function.arguments");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"},
                  {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"[1,2]"}}]}]}"""),
                "messages[1].tool_calls[0].function.arguments");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"auto\"                                         | {\"type\":\"auto\"}",
            "\"required\"                                     | {\"type\":\"any\"}",
            "\"none\"                                         | {\"type\":\"none\"}",
            "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | {\"type\":\"tool\",\"name\":\"f\"}"})
    void toolChoiceVariants(String openAiChoice, String anthropicChoice) {
        ObjectNode out = translate("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + openAiChoice + "}");

        assertThat(out.get("tool_choice")).isEqualTo(JSON.readTree(anthropicChoice));
    }

    @Test
    void parallelToolCallsFalseDisablesParallelToolUse() {
        ObjectNode withoutChoice = translate("""
                {"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],
                 "parallel_tool_calls":false}""");
        ObjectNode withChoice = translate("""
                {"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f"}}],
                 "tool_choice":"required","parallel_tool_calls":false}""");

        assertThat(withoutChoice.get("tool_choice").toString())
                .isEqualTo("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}");
        assertThat(withChoice.get("tool_choice").toString())
                .isEqualTo("{\"type\":\"any\",\"disable_parallel_tool_use\":true}");
    }

    @Test
    void toolChoiceWithoutToolsIsDroppedOrRejected() {
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"tool_choice":"auto"}""").has("tool_choice")).isFalse();
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"tool_choice":"required"}"""), "tool_choice");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"tools":[{"type":"custom","custom":{"name":"g"}}]}"""),
                "tools[0].type");
    }

    @Test
    void stopAsStringOrArrayBecomesStopSequences() {
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"stop":"END"}""").get("stop_sequences").toString())
                .isEqualTo("[\"END\"]");
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"stop":["a","b"]}""").get("stop_sequences").toString())
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"stop":null}""").has("stop_sequences")).isFalse();
    }

    @Test
    void nGreaterThanOneIsRejected() {
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"n":2}"""), "n");
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"n":1}""").has("n")).isFalse();
    }

    @Test
    void maxTokensSamplingAndUser() {
        ObjectNode out = translate("""
                {"messages":[{"role":"user","content":"x"}],"max_tokens":50,"max_completion_tokens":70,
                 "temperature":1.5,"top_p":0.9,"user":"user-42"}""");

        assertThat(out.get("max_tokens").asLong()).isEqualTo(70);
        assertThat(out.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(out.get("top_p").asDouble()).isEqualTo(0.9);
        assertThat(out.get("metadata").toString()).isEqualTo("{\"user_id\":\"user-42\"}");
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"max_tokens":50}""").get("max_tokens").asLong())
                .isEqualTo(50);
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"max_tokens":0}"""), "max_tokens");
    }

    @Test
    void responseFormatBecomesASystemInstruction() {
        ObjectNode jsonObject = translate("""
                {"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"x"}],
                 "response_format":{"type":"json_object"}}""");
        ObjectNode jsonSchema = translate("""
                {"messages":[{"role":"user","content":"x"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                   "schema":{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}}}}""");

        assertThat(jsonObject.get("system").stringValue())
                .isEqualTo("Be brief.\n\n" + ResponseFormatInstruction.JSON_OBJECT);
        assertThat(jsonSchema.get("system").stringValue()).contains("\"answer\"")
                .endsWith("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"required\":[\"a\"]}");
        assertThat(translate("""
                {"messages":[{"role":"user","content":"x"}],"response_format":{"type":"text"}}""").has("system"))
                .isFalse();
    }

    @Test
    void fieldsWithoutAnAnthropicEquivalentAreDroppedAndNothingUnknownPassesThrough() {
        ObjectNode request = (ObjectNode) JSON.readTree("""
                {"model":"claude-fast","messages":[{"role":"user","content":"x"}],"stream":true,
                 "stream_options":{"include_usage":true},"some_future_field":1}""");
        AnthropicRequestTranslator.DROPPED.forEach(name -> {
            if (!request.has(name)) {
                request.put(name, 1);
            }
        });
        ObjectNode out = AnthropicRequestTranslator.toMessagesRequest(request, MODEL, 4096);

        assertThat(out.propertyNames()).isSubsetOf(ANTHROPIC_FIELDS);
    }

    @Test
    void untranslatableParametersAreRejectedNamingThem() {
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"logprobs":true}"""), "logprobs");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"functions":[{"name":"f"}]}"""), "functions");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"}],"modalities":["text","audio"]}"""), "modalities");
        assertInvalid(() -> translate("""
                {"messages":[]}"""), "messages");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"system","content":"only a system prompt"}]}"""), "messages");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"robot","content":"x"}]}"""), "messages[0].role");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"tool","content":"x"}]}"""), "messages[0].tool_call_id");
        assertInvalid(() -> translate("""
                {"messages":[{"role":"user","content":"x"},
                  {"role":"assistant","content":null,"function_call":{"name":"f","arguments":"{}"}}]}"""),
                "messages[1].function_call");
    }

    private static ObjectNode translate(String openAiJson) {
        return AnthropicRequestTranslator.toMessagesRequest((ObjectNode) JSON.readTree(openAiJson), MODEL, 4096);
    }

    private static void assertInvalid(ThrowingCallable call, String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.error()).isInstanceOf(GatewayError.InvalidRequest.class);
            assertThat(((GatewayError.InvalidRequest) e.error()).param()).isEqualTo(param);
        });
    }
}
