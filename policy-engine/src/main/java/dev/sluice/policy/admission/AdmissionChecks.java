package dev.sluice.policy.admission;

import dev.sluice.policy.budget.SpendRecorder;
import dev.sluice.policy.identity.Authenticator;
import dev.sluice.policy.ratelimit.BucketStore;
import dev.sluice.policy.rules.PolicyDirectory;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;

/** Named factories of admission checks. */
public final class AdmissionChecks {

    private AdmissionChecks() {
    }

    /** Identity, then policies, then one reservation across every bucket that applies. */
    public static AdmissionCheck policyEngine(Authenticator authenticator, PolicyDirectory policies, BucketStore buckets,
                                              SpendRecorder spend, PolicyEvents events, AdmissionSettings settings,
                                              Clock clock, MeterRegistry meters) {
        return new PolicyAdmissionCheck(authenticator, policies, buckets, spend, events, settings, clock, meters);
    }
}
