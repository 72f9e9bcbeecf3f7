package dev.sluice.gateway.provider;

import dev.sluice.gateway.config.InvalidConfigurationException;
import dev.sluice.gateway.config.ProviderProperties;
import dev.sluice.gateway.config.SluiceProperties;
import dev.sluice.gateway.provider.anthropic.AnthropicAdapter;
import dev.sluice.gateway.provider.mock.MockAdapter;
import dev.sluice.gateway.provider.openai.OpenAiAdapter;
import dev.sluice.gateway.upstream.UpstreamClient;
import dev.sluice.mock.MockLlm;

import java.util.LinkedHashMap;
import java.util.Map;

/** Creates one adapter, and one pooled upstream client, per configured provider, once, at start-up. */
public final class ProviderAdapters {

    private ProviderAdapters() {
    }

    public static Map<String, ProviderAdapter> create(SluiceProperties properties) {
        Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        MockLlm mockLlm = new MockLlm();
        long maxBody = properties.limits().maxUpstreamBody().toBytes();
        properties.providers().forEach((name, provider) ->
                adapters.put(name, create(name, provider, mockLlm, maxBody)));
        return adapters;
    }

    private static ProviderAdapter create(String name, ProviderProperties p, MockLlm mockLlm, long maxBody) {
        return switch (p.type()) {
            case MOCK -> new MockAdapter(name, mockLlm, p.mock());
            case OPENAI -> {
                Map<String, String> headers = new LinkedHashMap<>();
                if (p.apiKey() != null && !p.apiKey().isBlank()) {
                    headers.put("authorization", "Bearer " + p.apiKey());
                }
                headers.putAll(p.headers());
                yield new OpenAiAdapter(client(name, p, headers, maxBody), baseUrl(name, p));
            }
            case ANTHROPIC -> {
                Map<String, String> headers = new LinkedHashMap<>();
                if (p.apiKey() != null && !p.apiKey().isBlank()) {
                    headers.put("x-api-key", p.apiKey());
                }
                headers.put("anthropic-version", p.anthropicVersion());
                headers.putAll(p.headers());
                yield new AnthropicAdapter(client(name, p, headers, maxBody), baseUrl(name, p), p.defaultMaxTokens());
            }
        };
    }

    private static UpstreamClient client(String name, ProviderProperties p, Map<String, String> headers, long maxBody) {
        return UpstreamClient.create(name, headers, p.connectTimeout(), p.firstByteTimeout(), p.idleTimeout(),
                p.maxConnections(), p.maxIdleTime(), maxBody);
    }

    /** The validated base URL, without a trailing slash: adapters append their paths to it. */
    private static String baseUrl(String name, ProviderProperties p) {
        var url = p.baseUrl();
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new InvalidConfigurationException("sluice.providers." + name + ".base-url",
                    "an http(s) URL is required for a provider of type " + p.type().name().toLowerCase()
                            + " (e.g. https://api.openai.com/v1), was '" + url + "'");
        }
        String base = url.toString();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
