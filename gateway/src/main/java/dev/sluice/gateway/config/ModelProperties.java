package dev.sluice.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

/**
 * One model alias, {@code sluice.models.<alias>.*}: what clients name in {@code model}.
 *
 * @param provider      the provider that serves it (a key of {@code sluice.providers})
 * @param upstreamModel the model name sent upstream; defaults to the alias
 * @param price         dollars per million tokens; defaults to the price table's entry for the upstream model
 */
public record ModelProperties(
        @NotBlank String provider,
        @Nullable String upstreamModel,
        @Valid @Nullable ModelPrice price) {
}
