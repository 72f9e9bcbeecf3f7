package dev.sluice.gateway.usage.kafka;

import dev.sluice.usage.event.UsageEvent;
import dev.sluice.usage.event.UsageEventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jctools.queues.MessagePassingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * The sender thread's loop: takes events off the queue and either sends them (DIRECT) or appends them to the
 * journal (SPILLING). It switches to SPILLING when a send fails or blocks, or when Kafka acknowledged nothing for
 * {@code spillAfter} while sends were pending. While SPILLING it replays the journal in order, in rounds of
 * {@code replayBatch}, starting a round only when every earlier send is settled, and commits the journal's offset
 * only after Kafka acknowledged the whole round; once the journal is drained it goes back to DIRECT.
 * Direct sends that Kafka fails (a record the producer held through an outage exhausts its delivery timeout) go
 * to the head journal, which is replayed before the events spilled meanwhile: events stay in order per tenant.
 */
final class UsageSender implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(UsageSender.class);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    /** How long the sender sleeps when the queue is empty: events wait at most this long before they are sent. */
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int BATCH = 1024;

    private final MessagePassingQueue<UsageEvent> queue;
    private final Producer<String, byte[]> producer;
    private final SpillJournals journals;
    private final KafkaUsageProperties properties;
    private final Counter sent;
    private final Counter spilled;
    private final Counter replayed;
    private final Counter dropped;
    private final Queue<byte[]> failedDirect = new ConcurrentLinkedQueue<>();
    private final AtomicInteger directPending = new AtomicInteger();
    private final AtomicInteger replayPending = new AtomicInteger();
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile UsageDelivery delivery;
    private volatile @Nullable Exception lastError;
    private volatile boolean stopping;
    private volatile @Nullable Thread thread;
    private @Nullable ReplayRound round;
    private long retryAtNanos;

    private final UsageDropLog dropLog;

    UsageSender(MessagePassingQueue<UsageEvent> queue, Producer<String, byte[]> producer, SpillJournals journals,
                KafkaUsageProperties properties, MeterRegistry meters, Counter dropped, UsageDropLog dropLog) {
        this.dropLog = requireNonNull(dropLog, "dropLog");
        this.queue = requireNonNull(queue, "queue");
        this.producer = requireNonNull(producer, "producer");
        this.journals = requireNonNull(journals, "journals");
        this.properties = requireNonNull(properties, "properties");
        this.sent = meters.counter("sluice.usage.kafka.events", "result", "sent");
        this.spilled = meters.counter("sluice.usage.kafka.events", "result", "spilled");
        this.replayed = meters.counter("sluice.usage.kafka.events", "result", "replayed");
        this.dropped = requireNonNull(dropped, "dropped");
        meters.gauge("sluice.usage.kafka.spill.pending.bytes", this, s -> s.journals.pendingBytes());
        this.delivery = journals.drained() ? UsageDelivery.DIRECT : UsageDelivery.SPILLING;
    }

    UsageDelivery delivery() {
        return delivery;
    }

    /** Finishes what the queue holds, then stops (see {@link #run()}'s shutdown). */
    void stop() {
        stopping = true;
        Thread thread = this.thread;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    /** The thread that runs this loop, woken by {@link #stop()}. */
    void runsOn(Thread thread) {
        this.thread = thread;
    }

    @Override
    public void run() {
        List<UsageEvent> batch = new ArrayList<>(BATCH);
        try {
            while (!stopping || !queue.isEmpty()) {
                // The queue is lock-free: the sender never holds anything a request thread could wait for. With
                // nothing queued it parks its own thread briefly, and takes what arrived meanwhile in one batch.
                if (queue.drain(batch::add, BATCH) == 0 && !stopping) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    queue.drain(batch::add, BATCH);
                }
                journalFailedSends();
                if (delivery == UsageDelivery.DIRECT && stalled()) {
                    spill("no acknowledgement from Kafka for " + properties.spillAfter());
                }
                for (UsageEvent event : batch) {
                    route(event);
                }
                batch.clear();
                flushJournal();
                if (delivery == UsageDelivery.SPILLING) {
                    replay();
                }
                dropLog.report(false);
            }
        } finally {
            shutdown();
        }
    }

    private void route(UsageEvent event) {
        byte[] json = UsageEventCodec.encode(event);
        journalFailedSends();
        if (delivery == UsageDelivery.DIRECT && stalled()) {
            spill("no acknowledgement from Kafka for " + properties.spillAfter());
        }
        if (delivery == UsageDelivery.DIRECT) {
            sendDirect(event.tenant(), json);
        } else {
            append(json);
        }
    }

    private boolean stalled() {
        return !failedDirect.isEmpty()
                || (directPending.get() > 0 && System.nanoTime() - lastProgressNanos > properties.spillAfter().toNanos());
    }

    private void sendDirect(String tenant, byte[] json) {
        if (directPending.getAndIncrement() == 0) {
            lastProgressNanos = System.nanoTime();
        }
        try {
            producer.send(new ProducerRecord<>(properties.topic(), tenant, json), (metadata, error) -> {
                lastProgressNanos = System.nanoTime();
                if (error == null) {
                    sent.increment();
                } else {
                    lastError = error;
                    failedDirect.add(json);
                }
                directPending.decrementAndGet();
            });
        } catch (RuntimeException e) {
            directPending.decrementAndGet();
            spill("send failed: " + e);
            append(json);
        }
    }

    private void spill(String why) {
        if (delivery == UsageDelivery.DIRECT) {
            delivery = UsageDelivery.SPILLING;
            log.warn("usage events now go to the spill journal ({}): {}", properties.spillDirectory(), why);
        }
    }

    /**
     * Direct sends Kafka failed for good: they go to the head journal, replayed before the events spilled meanwhile
     * (which are newer), so that order per tenant holds.
     */
    private void journalFailedSends() {
        byte[] json;
        while ((json = failedDirect.poll()) != null) {
            spill("Kafka failed a send: " + lastError);
            append(journals.head(), json);
        }
    }

    private void append(byte[] json) {
        append(journals.tail(), json);
    }

    private void append(SpillJournal journal, byte[] json) {
        try {
            if (journal.append(json)) {
                spilled.increment();
            } else {
                drop("spill journal full (" + properties.maxSpillSize() + ")");
            }
        } catch (IOException e) {
            drop("spill journal write failed: " + e);
        }
    }

    private void flushJournal() {
        try {
            journals.flush();
        } catch (IOException e) {
            log.error("usage spill journal flush failed; events may be lost on a crash", e);
        }
    }

    private void drop(String why) {
        dropped.increment();
        dropLog.dropped(why);
    }

    private void replay() {
        if (directPending.get() > 0 || replayPending.get() > 0 || System.nanoTime() < retryAtNanos) {
            return;
        }
        try {
            journalFailedSends();
            ReplayRound round = this.round;
            if (round != null && round.started()) {
                List<byte[]> again = round.unacknowledged();
                if (again.isEmpty()) {
                    this.round = null;
                    round.source().commitRead();
                } else {
                    // Only what Kafka did not take is sent again (no duplicates), after a back-off.
                    this.round = new ReplayRound(round.source(), again);
                    retryAtNanos = System.nanoTime() + RETRY_BACKOFF.toNanos();
                    return;
                }
            }
            if (this.round == null) {
                ReplayRound next = nextRound();
                if (next == null) {
                    if (journals.drained() && failedDirect.isEmpty()) {
                        journals.reset();
                        delivery = UsageDelivery.DIRECT;
                        log.info("usage spill journal replayed: events go straight to Kafka again");
                    }
                    return;
                }
                this.round = next;
            }
            this.round.send();
        } catch (IOException e) {
            log.error("usage spill journal replay failed; retrying", e);
            journals.rewind();
            this.round = null;
            retryAtNanos = System.nanoTime() + RETRY_BACKOFF.toNanos();
        }
    }

    /** The next events to replay: the head journal's first, then the tail's; null when both are read. */
    private @Nullable ReplayRound nextRound() throws IOException {
        for (SpillJournal source : List.of(journals.head(), journals.tail())) {
            List<byte[]> events = source.read(properties.replayBatch());
            if (!events.isEmpty()) {
                return new ReplayRound(source, events);
            }
        }
        return null;
    }

    /**
     * One round of journal events replayed in order. Sending stops at the first failure Kafka reports (a metadata
     * timeout is reported during the send itself), so that what is retried never overtakes what was taken.
     * A round made of a failed round's leftovers is created unsent and sent after the back-off.
     */
    private final class ReplayRound {

        private final SpillJournal source;
        private final List<byte[]> events;
        private final Set<Integer> failed = ConcurrentHashMap.newKeySet();
        private boolean started;
        private int sent;

        ReplayRound(SpillJournal source, List<byte[]> events) {
            this.source = source;
            this.events = events;
        }

        SpillJournal source() {
            return source;
        }

        boolean started() {
            return started;
        }

        void send() {
            started = true;
            for (int i = 0; i < events.size() && failed.isEmpty(); i++) {
                sendOne(i);
                sent = i + 1;
            }
        }

        /** The failed events, then the ones never sent, in journal order. */
        List<byte[]> unacknowledged() {
            List<byte[]> again = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                if (i >= sent || failed.contains(i)) {
                    again.add(events.get(i));
                }
            }
            return again;
        }

        private void sendOne(int index) {
            byte[] json = events.get(index);
            String tenant;
            try {
                tenant = UsageEventCodec.decode(json).tenant();
            } catch (IllegalArgumentException e) {
                drop("unreadable spill journal line: " + e.getMessage());
                return;
            }
            replayPending.incrementAndGet();
            try {
                producer.send(new ProducerRecord<>(properties.topic(), tenant, json), (metadata, error) -> {
                    if (error == null) {
                        replayed.increment();
                    } else {
                        lastError = error;
                        failed.add(index);
                    }
                    replayPending.decrementAndGet();
                });
            } catch (RuntimeException e) {
                lastError = e;
                failed.add(index);
                replayPending.decrementAndGet();
            }
        }
    }

    /**
     * Clean shutdown: the queue is already drained into sends or the journal. Gives Kafka {@code shutdownTimeout} to
     * acknowledge; whatever it refuses comes back through the send callbacks and is journalled for the next start.
     */
    private void shutdown() {
        try {
            producer.close(properties.shutdownTimeout());
        } catch (RuntimeException e) {
            log.warn("usage producer did not close cleanly", e);
        }
        journalFailedSends();
        try {
            ReplayRound last = round;
            if (last != null && last.started() && replayPending.get() == 0 && last.unacknowledged().isEmpty()) {
                last.source().commitRead();
            }
            journals.close();
        } catch (IOException e) {
            log.error("usage spill journal close failed", e);
        }
        delivery = UsageDelivery.STOPPED;
        dropLog.report(true);
        long left = journals.pendingBytes();
        if (left > 0) {
            log.info("usage sink stopped; {} journal bytes will be replayed at the next start", left);
        }
    }
}
