package dev.sluice.gateway.provider.openai;

import dev.sluice.gateway.error.GatewayException;
import dev.sluice.gateway.usage.UsageMeter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiUsageTests {

    private static final String WITH_USAGE = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there",
               "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
               "finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,
               "prompt_tokens_details":{"cached_tokens":8}}}""";

    private static final String WITHOUT_USAGE = """
            {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there",
               "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
               "finish_reason":"stop"}]}""";

    @Test
    void takesTheProvidersCountAndReturnsTheBodyAsItCame() {
        UsageMeter meter = new UsageMeter();
        byte[] body = bytes(WITH_USAGE);

        assertThat(OpenAiUsage.scan(body, meter, "openai")).isSameAs(body);

        assertThat(meter.providerReported()).isTrue();
        assertThat(meter.promptTokens()).isEqualTo(12);
        assertThat(meter.completionTokens()).isEqualTo(3);
        assertThat(meter.cachedTokens()).isEqualTo(8);
        assertThat(meter.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void doesNotDecodeTheTextWhenTheProviderReportsUsage() {
        UsageMeter meter = new UsageMeter();

        OpenAiUsage.scan(bytes(WITH_USAGE), meter, "openai");

        assertThat(meter.completionText()).isEmpty();
    }

    @Test
    void collectsTheTextOnceForCountingWhenNoUsageComes() {
        UsageMeter meter = new UsageMeter();

        OpenAiUsage.scan(bytes(WITHOUT_USAGE), meter, "openai");

        assertThat(meter.providerReported()).isFalse();
        assertThat(meter.completionText()).isEqualTo("Hello theref{}");
        assertThat(meter.upstreamModel()).isEqualTo("gpt-4o-2024-08-06");
    }

    @Test
    void refusesAMalformedBody() {
        assertThatThrownBy(() -> OpenAiUsage.scan(bytes("{\"choices\":[{"), new UsageMeter(), "openai"))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("malformed");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
