package dev.sluice.gateway.usage.kafka;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The two journals of one spill directory, replayed head first.
 *
 * @param head direct sends Kafka failed after the sink had started spilling (records the producer held through an
 *             outage): older than anything in {@code tail}, so they are replayed before it
 * @param tail events appended while spilling, in the order they were offered
 */
record SpillJournals(SpillJournal head, SpillJournal tail) implements AutoCloseable {

    static SpillJournals open(Path directory, long maxBytes, boolean fsync) throws IOException {
        SpillJournal tail = new SpillJournal(directory, "usage-events", maxBytes, fsync);
        try {
            return new SpillJournals(new SpillJournal(directory, "usage-events-head", maxBytes, fsync), tail);
        } catch (IOException | RuntimeException e) {
            tail.close();
            throw e;
        }
    }

    boolean drained() {
        return head.drained() && tail.drained();
    }

    long pendingBytes() {
        return head.pendingBytes() + tail.pendingBytes();
    }

    void flush() throws IOException {
        try {
            head.flush();
        } finally {
            tail.flush();
        }
    }

    void rewind() {
        head.rewind();
        tail.rewind();
    }

    void reset() throws IOException {
        head.reset();
        tail.reset();
    }

    @Override
    public void close() throws IOException {
        try {
            head.close();
        } finally {
            tail.close();
        }
    }
}
