package dev.sluice.policy.budget;

/** Records settled spend so that it survives Redis; must not block (implementations buffer and write in batches). */
@FunctionalInterface
public interface SpendRecorder {

    void record(String durableKey, long micros);

    static SpendRecorder none() {
        return (key, micros) -> {
        };
    }
}
