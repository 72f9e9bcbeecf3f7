package dev.sluice.policy.budget;

import reactor.core.publisher.Mono;

/** Records settled spend and answers what a budget window reached: the durable side of budgets. */
public interface SpendLedger extends DurableSpendSource, SpendRecorder, AutoCloseable {

    /** Writes what is buffered now; returns how many buckets were written. */
    Mono<Integer> flush();

    @Override
    void close();
}
