package dev.sluice.usage.event;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Event ids: UUIDv7 (RFC 9562), time-ordered so that raw-event indexes stay append-mostly.
 *
 * <p>The random bits come from a DRBG seeded once, when this class is initialised: the default {@code SecureRandom}
 * (NativePRNG) reads {@code /dev/urandom} on every call, a file read that must not happen on an event loop.
 * Touch this class at start-up (any call) so that the one seeding read happens there.
 */
public final class UsageEventIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator(seededRandom());

    private UsageEventIds() {
    }

    /** A new UUIDv7; thread-safe, and no I/O after class initialisation. */
    public static java.util.UUID next() {
        return GENERATOR.generate();
    }

    private static SecureRandom seededRandom() {
        try {
            SecureRandom random = SecureRandom.getInstance("DRBG");
            random.nextBytes(new byte[16]); // seeds now, not on the first request
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no DRBG SecureRandom in this JVM", e);
        }
    }
}
