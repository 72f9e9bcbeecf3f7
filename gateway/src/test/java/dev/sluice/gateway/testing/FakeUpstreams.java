package dev.sluice.gateway.testing;

import dev.sluice.mock.MockBehavior;
import dev.sluice.mock.MockUpstreamServer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.time.Duration;

/**
 * One fake upstream server (the project's mock-upstream, speaking OpenAI's and Anthropic's wire formats) and the
 * gateway configuration that points test aliases at it. Each alias goes through a provider whose static headers
 * steer the fake (x-mock-*), so every behaviour is a plain configured route.
 */
public final class FakeUpstreams {

    public static final MockUpstreamServer SERVER = MockUpstreamServer
            .start(MockBehavior.defaults().withTokens(8))
            .withCassetteRoot(Path.of("src/test/resources/cassettes"));

    private FakeUpstreams() {
    }

    /** The same configuration as properties, for applications started by hand. */
    public static Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        register(new DynamicPropertyRegistry() {
            @Override
            public void add(String name, Supplier<Object> valueSupplier) {
                properties.put(name, valueSupplier.get());
            }
        });
        return properties;
    }

    public static void register(DynamicPropertyRegistry registry) {
        String v1 = SERVER.baseUrl() + "/v1";
        openai(registry, "fake-openai", v1);
        anthropic(registry, "fake-anthropic", v1);
        openai(registry, "fake-slow", v1, "x-mock-tokens", "200", "x-mock-delay-ms", "20");
        anthropic(registry, "fake-anthropic-slow", v1, "x-mock-tokens", "200", "x-mock-delay-ms", "20");
        openai(registry, "fake-headers-late", v1, "x-mock-headers-delay-ms", "3000");
        tightTimeouts(registry, "fake-headers-late");
        openai(registry, "fake-stalls", v1, "x-mock-ttft-ms", "0", "x-mock-delay-ms", "3000", "x-mock-tokens", "3");
        tightTimeouts(registry, "fake-stalls");
        openai(registry, "fake-breaks", v1, "x-mock-fail-after", "3", "x-mock-delay-ms", "10");
        openai(registry, "fake-400", v1, "x-mock-status", "400");
        openai(registry, "fake-429", v1, "x-mock-status", "429");
        openai(registry, "fake-500", v1, "x-mock-status", "500");
        anthropic(registry, "fake-anthropic-529", v1, "x-mock-status", "529");
        openai(registry, "cassette-openai", v1, "x-mock-cassette", "openai/chat-stream-include-usage.sse");
        anthropic(registry, "cassette-anthropic", v1, "x-mock-cassette", "anthropic/messages-stream.sse");
        anthropic(registry, "cassette-anthropic-tools", v1, "x-mock-cassette", "anthropic/messages-tools-stream.sse");
        openai(registry, "refused", "http://127.0.0.1:" + closedPort() + "/v1");

        model(registry, "gpt-test", "fake-openai", "gpt-4o-mini");
        model(registry, "claude-test", "fake-anthropic", "claude-sonnet-4-5");
        model(registry, "gpt-slow", "fake-slow", "gpt-4o-mini");
        model(registry, "claude-slow", "fake-anthropic-slow", "claude-sonnet-4-5");
        model(registry, "gpt-headers-late", "fake-headers-late", "gpt-4o-mini");
        model(registry, "gpt-stalls", "fake-stalls", "gpt-4o-mini");
        model(registry, "gpt-breaks", "fake-breaks", "gpt-4o-mini");
        model(registry, "gpt-400", "fake-400", "gpt-4o-mini");
        model(registry, "gpt-429", "fake-429", "gpt-4o-mini");
        model(registry, "gpt-500", "fake-500", "gpt-4o-mini");
        model(registry, "claude-529", "fake-anthropic-529", "claude-sonnet-4-5");
        model(registry, "gpt-cassette", "cassette-openai", "gpt-4o");
        model(registry, "claude-cassette", "cassette-anthropic", "claude-sonnet-4-5");
        model(registry, "claude-cassette-tools", "cassette-anthropic-tools", "claude-sonnet-4-5");
        model(registry, "gpt-refused", "refused", "gpt-4o-mini");
        model(registry, "embed-test", "fake-openai", "text-embedding-3-small");
        registry.add("sluice.providers.mock.type", () -> "mock");
        registry.add("sluice.models.gpt-4o-mini.provider", () -> "mock");
        registry.add("sluice.limits.max-request-body", () -> "256KB");
    }

    private static void openai(DynamicPropertyRegistry registry, String name, String baseUrl, String... headers) {
        provider(registry, name, "openai", baseUrl, headers);
    }

    private static void anthropic(DynamicPropertyRegistry registry, String name, String baseUrl, String... headers) {
        provider(registry, name, "anthropic", baseUrl, headers);
        registry.add("sluice.providers." + name + ".api-key", () -> "test-anthropic-key");
    }

    private static void provider(DynamicPropertyRegistry registry, String name, String type, String baseUrl,
                                 String... headers) {
        String prefix = "sluice.providers." + name;
        registry.add(prefix + ".type", () -> type);
        registry.add(prefix + ".base-url", () -> baseUrl);
        registry.add(prefix + ".connect-timeout", () -> Duration.ofSeconds(2).toString());
        registry.add(prefix + ".first-byte-timeout", () -> "10s");
        registry.add(prefix + ".idle-timeout", () -> "10s");
        for (int i = 0; i < headers.length; i += 2) {
            String value = headers[i + 1];
            registry.add(prefix + ".headers." + headers[i], () -> value);
        }
    }

    /** A port nothing listens on: bound once by the system, then closed. */
    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One second to the first byte and between chunks, for the timeout tests. */
    private static void tightTimeouts(DynamicPropertyRegistry registry, String provider) {
        registry.add("sluice.providers." + provider + ".first-byte-timeout", () -> "1s");
        registry.add("sluice.providers." + provider + ".idle-timeout", () -> "1s");
    }

    private static void model(DynamicPropertyRegistry registry, String alias, String provider, String upstreamModel) {
        registry.add("sluice.models." + alias + ".provider", () -> provider);
        registry.add("sluice.models." + alias + ".upstream-model", () -> upstreamModel);
    }
}
