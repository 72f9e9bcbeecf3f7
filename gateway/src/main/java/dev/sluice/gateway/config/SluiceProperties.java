package dev.sluice.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import java.util.Map;

/**
 * Everything under {@code sluice.*}, bound once at start-up and validated; {@link ModelCatalog} checks what
 * the annotations cannot (that each model names a configured provider, that upstreams have a base URL).
 *
 * @param providers   upstreams by name
 * @param models      model aliases clients may ask for, by alias
 * @param prices      the price table: version and per-model overrides of the shipped prices
 * @param limits      request limits
 */
@Validated
@ConfigurationProperties("sluice")
public record SluiceProperties(
        @Valid Map<String, ProviderProperties> providers,
        @Valid Map<String, ModelProperties> models,
        @Valid @DefaultValue PriceProperties prices,
        @Valid @DefaultValue LimitProperties limits) {

    public SluiceProperties {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
        models = models == null ? Map.of() : Map.copyOf(models);
    }

    /**
     * @param maxRequestBody    largest request body accepted; larger gets 413
     * @param maxUpstreamBody   largest non-streaming upstream response read; larger gets 502
     */
    public record LimitProperties(
            @NotNull @DefaultValue("16MB") DataSize maxRequestBody,
            @NotNull @DefaultValue("32MB") DataSize maxUpstreamBody) {
    }

    /**
     * @param resource  classpath resource of the shipped, versioned price table
     * @param version   overrides the table's version (e.g. when {@code overrides} change prices)
     * @param overrides prices by upstream model name, replacing the table's
     */
    public record PriceProperties(
            @DefaultValue("prices/sluice-prices.json") String resource,
            @Nullable String version,
            @Valid Map<String, ModelPrice> overrides) {

        public PriceProperties {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }
    }
}
