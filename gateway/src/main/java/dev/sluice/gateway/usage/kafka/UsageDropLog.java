package dev.sluice.gateway.usage.kafka;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers dropped usage events so that the sender thread can log them, at most once per ten seconds: the caller
 * of {@code offer} (an event loop) only bumps a counter, it never writes a log line. Every drop is also counted in
 * metric {@code sluice.usage.kafka.events{result=dropped}}.
 */
final class UsageDropLog {

    private static final Logger log = LoggerFactory.getLogger("sluice.usage.dropped");
    private static final long EVERY_NANOS = 10_000_000_000L;

    private final AtomicLong unreported = new AtomicLong();
    private volatile @Nullable String latestReason;
    private long lastReportNanos = System.nanoTime() - EVERY_NANOS;

    /** Any thread; never blocks. */
    void dropped(String why) {
        latestReason = why;
        unreported.incrementAndGet();
    }

    /** The sender thread: logs what was dropped since the last report, if it is time. */
    void report(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastReportNanos < EVERY_NANOS) {
            return;
        }
        long count = unreported.getAndSet(0);
        if (count > 0) {
            lastReportNanos = now;
            log.error("usage events dropped: {} since the last report; latest reason: {}", count, latestReason);
        }
    }
}
