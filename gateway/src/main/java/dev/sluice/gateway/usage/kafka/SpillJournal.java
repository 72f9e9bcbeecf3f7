package dev.sluice.gateway.usage.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only file of encoded events, one JSON document per line (the encoder never writes a newline inside
 * one), plus a small file holding the offset up to which events are known to be on Kafka.
 * Appends go to the end; replay reads from the committed offset; {@link #commit} moves it only after Kafka
 * acknowledged. A torn last line (crash mid-write) is cut off when the journal is opened.
 *
 * <p>Not thread-safe: owned by the sender thread.
 */
final class SpillJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpillJournal.class);
    private static final int READ_CHUNK = 1 << 20;

    private final Path file;
    private final Path offsetFile;
    private final long maxBytes;
    private final boolean fsync;
    private final FileChannel channel;
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(1 << 20);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_CHUNK);
    private volatile long size;
    private volatile long committed;
    private long readPosition;

    /** Opens (or creates) {@code <name>.journal} and {@code <name>.offset} in {@code directory}. */
    SpillJournal(Path directory, String name, long maxBytes, boolean fsync) throws IOException {
        Files.createDirectories(directory);
        this.file = directory.resolve(name + ".journal");
        this.offsetFile = directory.resolve(name + ".offset");
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.size = cutTornTail();
        this.committed = Math.min(readOffset(), size);
        this.readPosition = committed;
    }

    /** Appends one encoded event; false when the journal is full (the caller counts it as dropped). */
    boolean append(byte[] json) throws IOException {
        int length = json.length + 1;
        if (size + writeBuffer.position() + length > maxBytes) {
            return false;
        }
        if (writeBuffer.remaining() < length) {
            flush();
        }
        if (writeBuffer.remaining() < length) {
            writeFully(ByteBuffer.wrap(json));
            writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
        } else {
            writeBuffer.put(json).put((byte) '\n');
        }
        return true;
    }

    /** Writes buffered appends to the file, and forces them to the disk when configured. */
    void flush() throws IOException {
        if (writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        writeFully(writeBuffer);
        writeBuffer.clear();
        if (fsync) {
            channel.force(false);
        }
    }

    /** Up to {@code max} events from the read position on, which then moves past them. */
    List<byte[]> read(int max) throws IOException {
        flush();
        List<byte[]> events = new ArrayList<>();
        while (events.size() < max && readPosition < size) {
            readBuffer.clear();
            int n = channel.read(readBuffer, readPosition);
            if (n <= 0) {
                break;
            }
            byte[] chunk = readBuffer.array();
            int start = 0;
            for (int i = 0; i < n && events.size() < max; i++) {
                if (chunk[i] == '\n') {
                    events.add(Arrays.copyOfRange(chunk, start, i));
                    start = i + 1;
                }
            }
            if (start == 0) {
                throw new IOException("journal line longer than " + READ_CHUNK + " bytes at " + readPosition);
            }
            readPosition += start;
        }
        return events;
    }

    /** Everything read so far is on Kafka: persist the read position as committed. */
    void commitRead() throws IOException {
        committed = readPosition;
        Path tmp = offsetFile.resolveSibling(offsetFile.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(committed), StandardCharsets.US_ASCII);
        Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads again from the committed offset (a replay batch failed). */
    void rewind() {
        readPosition = committed;
    }

    /** True when every appended event has been read and committed. */
    boolean drained() {
        return committed == size && writeBuffer.position() == 0;
    }

    /** Bytes appended and not yet committed. */
    long pendingBytes() {
        return size + writeBuffer.position() - committed;
    }

    /** Empties a drained journal, so that it does not grow forever. */
    void reset() throws IOException {
        if (!drained()) {
            throw new IllegalStateException("journal still holds events");
        }
        channel.truncate(0);
        size = 0;
        readPosition = 0;
        commitRead();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            size += channel.write(buffer, size);
        }
    }

    private long cutTornTail() throws IOException {
        long length = channel.size();
        long end = length;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < length) {
            log.warn("usage spill journal {}: cutting a torn last line of {} bytes", file, length - end);
            channel.truncate(end);
        }
        return end;
    }

    private long readOffset() throws IOException {
        if (!Files.exists(offsetFile)) {
            return 0;
        }
        String text = Files.readString(offsetFile, StandardCharsets.US_ASCII).trim();
        return text.isEmpty() ? 0 : Long.parseLong(text);
    }
}
