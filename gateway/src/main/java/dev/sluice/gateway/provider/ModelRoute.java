package dev.sluice.gateway.provider;

import dev.sluice.gateway.config.ModelPrice;

/**
 * Where a model alias goes.
 *
 * @param alias         the name clients use
 * @param providerName  the configured provider's name
 * @param adapter       the provider's adapter
 * @param upstreamModel the model name sent upstream
 * @param price         its price per million tokens
 * @param priceVersion  the price table version the price comes from
 */
public record ModelRoute(
        String alias,
        String providerName,
        ProviderAdapter adapter,
        String upstreamModel,
        ModelPrice price,
        String priceVersion) {
}
