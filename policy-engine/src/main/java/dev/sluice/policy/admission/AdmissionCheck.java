package dev.sluice.policy.admission;

import reactor.core.publisher.Mono;

/** Decides whether one request may go upstream; never throws, never blocks. */
@FunctionalInterface
public interface AdmissionCheck {

    Mono<Verdict> admit(AdmissionRequest request);

    /** Admits everything as {@link Caller#ANONYMOUS}, reserving nothing: the gateway with no policy engine configured. */
    static AdmissionCheck allowAll() {
        return request -> Mono.just(new Verdict.Admit(Caller.ANONYMOUS, Reservation.NONE, java.util.Map.of()));
    }
}
