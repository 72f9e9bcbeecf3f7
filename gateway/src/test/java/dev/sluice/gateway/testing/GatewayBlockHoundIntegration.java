package dev.sluice.gateway.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound may let pass in the gateway's tests, each with its reason. Everything else blocking on an event
 * loop or a parallel scheduler fails the test that did it.
 */
public final class GatewayBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty's DNS resolver draws query ids from a SecureRandom, which refills from /dev/urandom: a read that never
        // waits for entropy on Linux.
        builder.allowBlockingCallsInside("io.netty.resolver.dns.DnsQueryContextManager", "add");
        builder.allowBlockingCallsInside("io.netty.resolver.dns.DnsQueryContextManager", "remove");
    }
}
