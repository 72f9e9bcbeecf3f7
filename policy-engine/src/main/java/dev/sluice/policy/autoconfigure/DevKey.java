package dev.sluice.policy.autoconfigure;

/** The well-known development key of the embedded default: tenant {@code dev}, no limits. Never use it in production. */
public final class DevKey {

    public static final String PLAINTEXT = "sk-sluice-dev-00000000000000000000000000000000";
    public static final String ID = "dev-key";
    public static final String TENANT = "dev";

    private DevKey() {
    }
}
