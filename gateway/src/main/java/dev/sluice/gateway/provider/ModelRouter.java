package dev.sluice.gateway.provider;

import dev.sluice.gateway.config.InvalidConfigurationException;
import dev.sluice.gateway.config.ModelPrice;
import dev.sluice.gateway.config.ModelProperties;
import dev.sluice.gateway.config.PriceTable;
import dev.sluice.gateway.config.SluiceProperties;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves a model alias to its {@link ModelRoute}. Built once at start-up from {@code sluice.models}; a
 * configuration error (unknown provider, no price) fails start-up naming the property.
 */
public final class ModelRouter {

    private final Map<String, ModelRoute> routes;

    public ModelRouter(SluiceProperties properties, Map<String, ProviderAdapter> adapters, PriceTable prices) {
        if (properties.models().isEmpty()) {
            throw new InvalidConfigurationException("sluice.models", "no model alias is configured");
        }
        Map<String, ModelRoute> byAlias = new LinkedHashMap<>();
        new TreeMap<>(properties.models()).forEach((alias, model) ->
                byAlias.put(alias, route(alias, model, adapters, prices)));
        this.routes = Collections.unmodifiableMap(byAlias);
    }

    /** The route for an alias, or null when none is configured. */
    public @Nullable ModelRoute route(String alias) {
        return routes.get(alias);
    }

    /** All aliases, sorted. */
    public List<ModelRoute> routes() {
        return List.copyOf(routes.values());
    }

    private static ModelRoute route(String alias, ModelProperties model, Map<String, ProviderAdapter> adapters,
                                    PriceTable prices) {
        String prefix = "sluice.models." + alias;
        ProviderAdapter adapter = adapters.get(model.provider());
        if (adapter == null) {
            throw new InvalidConfigurationException(prefix + ".provider",
                    "no provider named '" + model.provider() + "' (configured: " + new TreeMap<>(adapters).keySet() + ")");
        }
        String upstreamModel = model.upstreamModel() == null || model.upstreamModel().isBlank()
                ? alias : model.upstreamModel();
        ModelPrice price = model.price() != null ? model.price() : prices.price(upstreamModel);
        if (price == null) {
            throw new InvalidConfigurationException(prefix + ".price",
                    "no price for upstream model '" + upstreamModel + "' in price table " + prices.version()
                            + "; set " + prefix + ".price.input and .output (dollars per million tokens)");
        }
        return new ModelRoute(alias, model.provider(), adapter, upstreamModel, price, prices.version());
    }
}
