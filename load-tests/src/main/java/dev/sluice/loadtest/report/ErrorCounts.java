package dev.sluice.loadtest.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failures by kind (an unexpected status, an exception's simple class name, a stream without {@code [DONE]}). */
public final class ErrorCounts {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void add(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
