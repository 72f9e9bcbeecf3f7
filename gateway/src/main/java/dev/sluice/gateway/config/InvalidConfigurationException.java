package dev.sluice.gateway.config;

/** Start-up fails with this when configuration is wrong; the message names the property and says what to do. */
public final class InvalidConfigurationException extends RuntimeException {

    private final String property;

    public InvalidConfigurationException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
