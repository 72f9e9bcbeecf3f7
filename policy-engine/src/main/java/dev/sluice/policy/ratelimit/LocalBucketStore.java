package dev.sluice.policy.ratelimit;

import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The same buckets as the Lua scripts, in this process: the embedded default (no Redis configured) and the fail-open
 * fallback. Every call is a few map operations under one lock, so it never waits on anything but other callers.
 * Buckets idle for longer than their window are dropped when the map grows past {@code maxBuckets}.
 */
final class LocalBucketStore implements BucketStore {

    private static final int MAX_BUCKETS = 100_000;

    private final LongSupplier clock;
    private final Map<String, Bucket> buckets = new HashMap<>();

    LocalBucketStore(LongSupplier clock) {
        this.clock = clock;
    }

    private static final class Bucket {
        double tokens = Double.NaN;
        long ts;
        long limit;
        long spent;
        long held;
        long touched;
        final Map<String, long[]> reservations = new HashMap<>(); // id -> {amount, expiry}
    }

    @Override
    public Mono<BucketDecision> reserve(String reservationId, List<BucketSpec> specs, Duration hold) {
        return Mono.fromSupplier(() -> reserveNow(reservationId, specs, hold.toMillis()));
    }

    private synchronized BucketDecision reserveNow(String id, List<BucketSpec> specs, long hold) {
        long now = clock.getAsLong();
        evictIdle(now);
        List<BucketState> states = new ArrayList<>(specs.size());
        double[] levels = new double[specs.size()];
        int failed = -1;
        for (int i = 0; i < specs.size(); i++) {
            BucketSpec spec = specs.get(i);
            Bucket b = bucket(spec, now);
            long remaining;
            long reset = 0;
            boolean over = false;
            boolean ok = true;
            switch (spec.kind()) {
                case RATE -> {
                    double level = refilled(b, spec, now);
                    levels[i] = level;
                    double left = level - spec.cost();
                    remaining = (long) Math.floor(left);
                    ok = left >= 0;
                    reset = ok ? (long) Math.ceil((spec.limit() - left) * spec.windowMillis() / spec.limit())
                            : (long) Math.ceil(-left * spec.windowMillis() / spec.limit());
                }
                case CONCURRENCY -> {
                    expire(b, now);
                    remaining = spec.limit() - b.reservations.size() - spec.cost();
                    ok = remaining >= 0;
                    reset = ok ? 0 : 1000;
                }
                default -> {
                    expire(b, now);
                    remaining = spec.limit() - b.spent - b.held - spec.cost();
                    if (remaining < 0) {
                        ok = spec.kind() == BucketKind.BUDGET_SOFT;
                        over = ok;
                        reset = ok ? 0 : spec.windowMillis();
                    }
                }
            }
            if (!ok && failed < 0) {
                failed = i;
            }
            states.add(new BucketState(remaining, reset, over));
        }
        if (failed < 0) {
            for (int i = 0; i < specs.size(); i++) {
                BucketSpec spec = specs.get(i);
                Bucket b = bucket(spec, now);
                switch (spec.kind()) {
                    case RATE -> {
                        b.tokens = levels[i] - spec.cost();
                        b.ts = now;
                    }
                    case CONCURRENCY -> b.reservations.put(id, new long[] {1, now + hold});
                    default -> {
                        if (spec.cost() > 0) {
                            b.held += spec.cost();
                            b.reservations.put(id, new long[] {spec.cost(), now + hold});
                        }
                    }
                }
            }
        }
        return new BucketDecision(failed < 0, failed, states, this);
    }

    @Override
    public Mono<Void> settle(String reservationId, List<BucketSettlement> settlements) {
        return Mono.fromRunnable(() -> settleNow(reservationId, settlements));
    }

    private synchronized void settleNow(String id, List<BucketSettlement> settlements) {
        long now = clock.getAsLong();
        for (BucketSettlement s : settlements) {
            BucketSpec spec = s.bucket();
            Bucket b = bucket(spec, now);
            switch (spec.kind()) {
                case RATE -> {
                    b.tokens = Math.min(spec.limit(), refilled(b, spec, now) + s.amount());
                    b.ts = now;
                }
                case CONCURRENCY -> b.reservations.remove(id);
                default -> {
                    long[] held = b.reservations.remove(id);
                    if (held != null) {
                        b.held -= held[0];
                    }
                    b.spent += s.amount();
                }
            }
        }
    }

    private Bucket bucket(BucketSpec spec, long now) {
        Bucket b = buckets.computeIfAbsent(spec.tenant() + "|" + spec.name(), k -> new Bucket());
        b.touched = now;
        return b;
    }

    private static double refilled(Bucket b, BucketSpec spec, long now) {
        if (Double.isNaN(b.tokens)) {
            b.ts = now;
            b.limit = spec.limit();
            return spec.limit();
        }
        double elapsed = Math.max(0, now - b.ts);
        double level = b.tokens + spec.limit() - b.limit; // a changed limit moves the level by the difference
        b.tokens = level;
        b.limit = spec.limit();
        return Math.min(spec.limit(), level + elapsed * spec.limit() / spec.windowMillis());
    }

    private static void expire(Bucket b, long now) {
        b.reservations.values().removeIf(r -> {
            if (r[1] <= now) {
                b.held -= r[0];
                return true;
            }
            return false;
        });
        if (b.held < 0) {
            b.held = 0;
        }
    }

    private void evictIdle(long now) {
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.reservations.isEmpty() && now - b.touched > 3_600_000);
        }
    }
}
