package dev.sluice.gateway.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link InvalidConfigurationException} into Spring Boot's start-up failure report, naming the property. */
final class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                "Invalid Sluice configuration: " + cause.getMessage(),
                "Fix property '" + cause.property() + "' (see the Configuration section of README.md).",
                cause);
    }
}
