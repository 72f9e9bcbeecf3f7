package dev.sluice.usage.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: UUIDv7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. Time-ordered, so raw-event
 * indexes stay append-mostly. Generated without a lock or a {@code SecureRandom} (which may read
 * {@code /dev/urandom}, a blocking call on an event loop): the ids must be unique, not unguessable.
 */
public final class UsageEventIds {

    private UsageEventIds() {
    }

    /** A new UUIDv7; thread-safe and non-blocking. */
    public static UUID next() {
        return at(System.currentTimeMillis());
    }

    static UUID at(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | random.nextLong() & 0x0FFFL;
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
