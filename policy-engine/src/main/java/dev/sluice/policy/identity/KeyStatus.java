package dev.sluice.policy.identity;

public enum KeyStatus {
    ACTIVE,
    REVOKED
}
