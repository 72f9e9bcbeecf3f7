package dev.sluice.usage.event;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.UUID;

/** Event ids: UUIDv7 (RFC 9562), time-ordered so that raw-event indexes stay append-mostly. */
public final class UsageEventIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private UsageEventIds() {
    }

    /** A new UUIDv7; thread-safe and non-blocking. */
    public static UUID next() {
        return GENERATOR.generate();
    }
}
