package dev.sluice.gateway.config;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * Model prices by upstream model name, from the versioned resource shipped with the gateway
 * ({@code prices/sluice-prices.json}, version {@code YYYY.MM.DD}) with configuration overrides on top.
 * Every usage event records {@link #version()}.
 */
public final class PriceTable {

    private final String version;
    private final Map<String, ModelPrice> prices;

    PriceTable(String version, Map<String, ModelPrice> prices) {
        this.version = version;
        this.prices = Map.copyOf(prices);
    }

    /** Loads the table named by {@code sluice.prices.resource} and applies {@code sluice.prices.overrides}. */
    public static PriceTable load(SluiceProperties.PriceProperties properties) {
        JsonNode root;
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(properties.resource())) {
            if (in == null) {
                throw new InvalidConfigurationException("sluice.prices.resource",
                        "no classpath resource '" + properties.resource() + "'");
            }
            root = JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new InvalidConfigurationException("sluice.prices.resource", "cannot read: " + e.getMessage());
        }
        Map<String, ModelPrice> prices = new HashMap<>();
        root.path("models").properties().forEach(entry -> prices.put(entry.getKey(), parse(entry.getValue())));
        prices.putAll(properties.overrides());
        String version = properties.version() != null ? properties.version() : root.path("version").asString();
        if (version == null || !version.matches("\\d{4}\\.\\d{2}\\.\\d{2}")) {
            throw new InvalidConfigurationException("sluice.prices.version", "must be YYYY.MM.DD, was '" + version + "'");
        }
        return new PriceTable(version, prices);
    }

    public String version() {
        return version;
    }

    public @Nullable ModelPrice price(String upstreamModel) {
        return prices.get(upstreamModel);
    }

    private static ModelPrice parse(JsonNode node) {
        return new ModelPrice(
                decimal(node, "input"), decimal(node, "output"),
                node.has("cached_input") ? decimal(node, "cached_input") : null,
                node.has("cache_write") ? decimal(node, "cache_write") : null);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.path(field).asString("0"));
    }
}
