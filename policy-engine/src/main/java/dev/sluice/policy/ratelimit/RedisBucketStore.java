package dev.sluice.policy.ratelimit;

import dev.sluice.policy.budget.DurableSpendSource;
import io.lettuce.core.api.StatefulRedisConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Buckets in Redis: one round trip per reservation and per settlement (plus one durable-spend lookup the first time a
 * budget window is seen, e.g. after a Redis restart). Keys are {@code <prefix>:{<tenant>}:<bucket>} and expire on their own.
 */
final class RedisBucketStore implements BucketStore {

    private final RedisCalls redis;
    private final String prefix;
    private final DurableSpendSource spend;
    private final LuaScript reserveScript;
    private final LuaScript settleScript;

    RedisBucketStore(StatefulRedisConnection<String, String> connection, String prefix, Duration timeout,
                     DurableSpendSource spend) {
        this.redis = new RedisCalls(requireNonNull(connection, "connection"), requireNonNull(timeout, "timeout"));
        this.prefix = requireNonNull(prefix, "prefix");
        this.spend = requireNonNull(spend, "spend");
        this.reserveScript = LuaScript.load(redis.commands(), "sluice_reserve_v1.lua");
        this.settleScript = LuaScript.load(redis.commands(), "sluice_settle_v1.lua");
    }

    @Override
    public Mono<BucketDecision> reserve(String reservationId, List<BucketSpec> buckets, Duration hold) {
        if (buckets.isEmpty()) {
            return Mono.just(new BucketDecision(true, -1, List.of(), this));
        }
        return reserve(reservationId, buckets, hold, Map.of())
                .flatMap(result -> isSeedRequest(result)
                        ? seeds(buckets, result).flatMap(seeds -> reserve(reservationId, buckets, hold, seeds))
                        : Mono.just(result))
                .map(result -> decision(result, buckets.size()));
    }

    private Mono<List<Object>> reserve(String id, List<BucketSpec> buckets, Duration hold, Map<Integer, Long> seeds) {
        String[] args = new String[3 + buckets.size() * 5];
        args[0] = id;
        args[1] = Long.toString(hold.toMillis());
        args[2] = Integer.toString(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            BucketSpec b = buckets.get(i);
            int at = 3 + i * 5;
            args[at] = b.kind().code;
            args[at + 1] = Long.toString(b.limit());
            args[at + 2] = Long.toString(b.cost());
            args[at + 3] = Long.toString(b.windowMillis());
            args[at + 4] = Long.toString(seeds.getOrDefault(i + 1, -1L));
        }
        return reserveScript.run(redis, keys(buckets.stream().map(this::keysOf).toList()), args);
    }

    private static boolean isSeedRequest(List<Object> result) {
        return ((Long) result.getFirst()) == -1L;
    }

    /** Looks up the durable spend of every budget the script found missing (1-based indexes after the marker). */
    private Mono<Map<Integer, Long>> seeds(List<BucketSpec> buckets, List<Object> result) {
        return Flux.fromIterable(result.subList(1, result.size()))
                .map(o -> ((Long) o).intValue())
                .flatMap(index -> spend.spentMicros(requireNonNull(buckets.get(index - 1).durableKey(), "durableKey"))
                        .map(micros -> Map.entry(index, micros)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(HashMap::new);
    }

    private BucketDecision decision(List<Object> result, int count) {
        boolean admitted = (Long) result.get(0) == 1L;
        int failed = admitted ? -1 : ((Long) result.get(1)).intValue() - 1;
        List<BucketState> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = 2 + i * 3;
            states.add(new BucketState((Long) result.get(at), (Long) result.get(at + 1), (Long) result.get(at + 2) == 1L));
        }
        return new BucketDecision(admitted, failed, states, this);
    }

    @Override
    public Mono<Void> settle(String reservationId, List<BucketSettlement> settlements) {
        if (settlements.isEmpty()) {
            return Mono.empty();
        }
        String[] args = new String[2 + settlements.size() * 4];
        args[0] = reservationId;
        args[1] = Integer.toString(settlements.size());
        for (int i = 0; i < settlements.size(); i++) {
            BucketSettlement s = settlements.get(i);
            int at = 2 + i * 4;
            args[at] = s.bucket().kind().code;
            args[at + 1] = Long.toString(s.bucket().limit());
            args[at + 2] = Long.toString(s.amount());
            args[at + 3] = Long.toString(s.bucket().windowMillis());
        }
        String[] keys = keys(settlements.stream().map(s -> keysOf(s.bucket())).toList());
        return settleScript.run(redis, keys, args).then();
    }

    private String[] keysOf(BucketSpec bucket) {
        String state = prefix + ":{" + bucket.tenant() + "}:" + bucket.name();
        return new String[] {state, state + ":held"};
    }

    private static String[] keys(List<String[]> pairs) {
        String[] keys = new String[pairs.size() * 2];
        for (int i = 0; i < pairs.size(); i++) {
            keys[2 * i] = pairs.get(i)[0];
            keys[2 * i + 1] = pairs.get(i)[1];
        }
        return keys;
    }
}
