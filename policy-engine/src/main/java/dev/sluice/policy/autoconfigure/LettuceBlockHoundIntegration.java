package dev.sluice.policy.autoconfigure;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound must let pass in Lettuce, the Redis client every admission decision goes through. Loaded by
 * BlockHound's service loader wherever BlockHound is installed (the tests of this module and of the gateway); inert
 * otherwise (BlockHound is an optional dependency).
 * <p>
 * Lettuce's {@code DefaultEndpoint.write} takes its {@code SharedLock}, a {@link java.util.concurrent.locks.ReentrantLock}
 * held for a counter increment (or, while a connection activates, for the queued commands' flush). A request thread
 * that meets another writer there parks for that long: Lettuce's design, not a wait on I/O. Without this allowance
 * BlockHound throws inside {@code incrementWriters}; Lettuce's {@code finally} then decrements a writer count it never
 * incremented, leaving the count at -1 with no owner, and every later command on that connection spins forever
 * (lettuce issues #3804 and #3880 describe that wedge). A test that met it hung the build instead of failing.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
    }
}
