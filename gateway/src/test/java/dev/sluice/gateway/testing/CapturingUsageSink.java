package dev.sluice.gateway.testing;

import dev.sluice.gateway.usage.UsageSink;
import dev.sluice.usage.event.UsageEvent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every usage event, for assertions; waits a bounded time for events that arrive after the response. */
public final class CapturingUsageSink implements UsageSink {

    private final List<UsageEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void offer(UsageEvent event) {
        events.add(event);
    }

    public List<UsageEvent> events() {
        return List.copyOf(events);
    }

    /** The one event of a request id, waiting up to 5 s for it. */
    public UsageEvent awaitRequest(String requestId) {
        return await(e -> e.requestId().equals(requestId), 1).getFirst();
    }

    public List<UsageEvent> await(Predicate<UsageEvent> which, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<UsageEvent> matching = events.stream().filter(which).toList();
            if (matching.size() >= count) {
                return matching;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("expected " + count + " usage events, got " + events.stream().filter(which).count()
                + " of " + events);
    }
}
