package dev.sluice.gateway.api;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.sluice.gateway.testing.GatewayIntegrationTest;
import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official OpenAI Java SDK, unmodified but for its base URL, against the running gateway. */
class OpenAiSdkIntegrationTests extends GatewayIntegrationTest {

    OpenAIClient openai;

    @BeforeEach
    void sdk() {
        openai = OpenAIOkHttpClient.builder().baseUrl(baseUrl() + "/v1").apiKey(DEV_KEY)
                .timeout(Duration.ofSeconds(20)).maxRetries(0).build();
    }

    @AfterEach
    void close() {
        openai.close();
    }

    static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder().model(model)
                .addSystemMessage("Be brief.")
                .addUserMessage("Say hello to the gateway");
    }

    @Test
    void nonStreamingFromBothUpstreamKinds() {
        for (String model : List.of("gpt-test", "claude-test")) {
            ChatCompletion completion = openai.chat().completions().create(params(model).build());

            assertThat(completion.choices()).hasSize(1);
            assertThat(completion.choices().getFirst().message().content()).get().asString().isNotBlank();
            assertThat(completion.usage()).isPresent();
            assertThat(completion.usage().get().completionTokens()).isEqualTo(8);
        }
    }

    @Test
    void streamingFromBothUpstreamKindsWithUsage() {
        for (String model : List.of("gpt-test", "claude-test")) {
            StringBuilder text = new StringBuilder();
            List<Long> completionTokens = new ArrayList<>();
            var params = params(model).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .putAdditionalHeader("x-request-id", "sdk-stream-" + model).build();
            try (StreamResponse<ChatCompletionChunk> stream = openai.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> {
                    chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
                    chunk.usage().ifPresent(u -> completionTokens.add(u.completionTokens()));
                });
            }

            assertThat(text).isNotEmpty();
            assertThat(completionTokens).containsExactly(8L);
            UsageEvent event = usage.awaitRequest("sdk-stream-" + model);
            assertThat(event.usage().source()).isEqualTo(UsageSource.PROVIDER);
            assertThat(event.usage().completionTokens()).isEqualTo(8);
            assertThat(event.costUsd()).isPositive();
        }
    }

    @Test
    void toolCallsRoundTripThroughTheSdk() {
        var tool = ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                .name("get_weather").description("Weather of a city")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build()).build();
        for (String model : List.of("gpt-test", "claude-test")) {
            ChatCompletion completion = openai.chat().completions().create(params(model).addTool(tool).build());

            var message = completion.choices().getFirst().message();
            assertThat(message.toolCalls()).isPresent();
            var call = message.toolCalls().get().getFirst().asFunction();
            assertThat(call.function().name()).isEqualTo("get_weather");
            assertThat(call.function().arguments()).startsWith("{");
            assertThat(completion.choices().getFirst().finishReason())
                    .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        }
    }

    @Test
    void embeddingsAndModels() {
        CreateEmbeddingResponse embeddings = openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("embed-test").input("sluice").build());
        assertThat(embeddings.data()).hasSize(1);
        assertThat(embeddings.data().getFirst().embedding()).isNotEmpty();

        assertThat(openai.models().list().data()).extracting(m -> m.id()).contains("gpt-test", "claude-test");
        assertThat(openai.models().retrieve("claude-test").ownedBy()).isEqualTo("fake-anthropic");
        assertThatThrownBy(() -> openai.models().retrieve("nope")).isInstanceOf(NotFoundException.class);
        assertThat(Optional.of(embeddings.usage().promptTokens())).get().isNotNull();
    }
}
