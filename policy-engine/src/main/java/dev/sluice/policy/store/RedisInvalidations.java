package dev.sluice.policy.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Invalidation through Redis pub/sub on {@code <prefix>:policy:invalidate}. Publishing also applies the message here at
 * once. A message missed while an instance was disconnected is covered by the cache's background refresh (Lettuce
 * subscribes again by itself after a reconnect).
 */
final class RedisInvalidations implements InvalidationChannel {

    private static final Logger log = LoggerFactory.getLogger(RedisInvalidations.class);

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String channel;
    private final CachedDirectory cache;
    private final Disposable listening;
    private final Mono<Void> ready;

    RedisInvalidations(RedisClient client, StatefulRedisConnection<String, String> publisher, String prefix,
                       CachedDirectory cache) {
        this.publisher = publisher;
        this.channel = prefix + ":policy:invalidate";
        this.cache = cache;
        this.subscriber = client.connectPubSub();
        this.listening = subscriber.reactive().observeChannels()
                .filter(m -> m.getChannel().equals(channel))
                .subscribe(m -> cache.invalidate(m.getMessage()),
                        e -> log.error("invalidation listener stopped", e));
        this.ready = subscriber.reactive().subscribe(channel)
                .doOnError(e -> log.warn("could not subscribe to {}: {}", channel, e.toString()))
                .cache();
        ready.subscribe(v -> {
        }, e -> {
        });
    }

    @Override
    public Mono<Void> publish(String message) {
        cache.invalidate(message);
        return publisher.reactive().publish(channel, message).then();
    }

    @Override
    public Mono<Void> ready() {
        return ready;
    }

    @Override
    public void close() {
        listening.dispose();
        subscriber.closeAsync();
    }
}
