package dev.sluice.gateway.usage.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/** Logs dropped usage events at most once per ten seconds (they are all counted in the metric). */
final class UsageDropLog {

    private static final Logger log = LoggerFactory.getLogger("sluice.usage.dropped");
    private static final long EVERY_NANOS = 10_000_000_000L;
    private static final AtomicLong lastLog = new AtomicLong(System.nanoTime() - EVERY_NANOS);
    private static final AtomicLong since = new AtomicLong();

    private UsageDropLog() {
    }

    static void dropped(String why) {
        long count = since.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            since.addAndGet(-count);
            log.error("usage events dropped: {} since the last report; latest reason: {} (metric sluice.usage.kafka.events{{result=dropped}})",
                    count, why);
        }
    }
}
