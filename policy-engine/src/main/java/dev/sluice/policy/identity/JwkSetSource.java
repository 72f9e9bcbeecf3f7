package dev.sluice.policy.identity;

import com.nimbusds.jose.jwk.JWKSet;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * Signing keys: a static set, and/or a JWKS URL fetched without blocking (Reactor Netty). Concurrent refreshes share
 * one fetch; a refresh is skipped when the last one is younger than {@code minRefreshInterval}.
 */
final class JwkSetSource {

    private final JWKSet staticKeys;
    private final @Nullable URI url;
    private final @Nullable HttpClient http;
    private final Duration minRefreshInterval;
    private final AtomicReference<JWKSet> current;
    private final AtomicReference<@Nullable Mono<JWKSet>> inFlight = new AtomicReference<>();
    private volatile long lastFetchNanos;

    private JwkSetSource(JWKSet staticKeys, @Nullable URI url, Duration minRefreshInterval) {
        this.staticKeys = staticKeys;
        this.url = url;
        this.http = url == null ? null : HttpClient.create().responseTimeout(Duration.ofSeconds(5));
        this.minRefreshInterval = minRefreshInterval;
        this.current = new AtomicReference<>(staticKeys);
        this.lastFetchNanos = System.nanoTime() - minRefreshInterval.toNanos() - 1;
    }

    static JwkSetSource of(JwtSettings settings) {
        try {
            JWKSet keys = settings.staticJwks() == null ? new JWKSet() : JWKSet.parse(settings.staticJwks());
            return new JwkSetSource(keys, settings.jwksUrl(), settings.minRefreshInterval());
        } catch (ParseException e) {
            throw new IllegalArgumentException("static-jwks is not a JWK set: " + e.getMessage(), e);
        }
    }

    /** The keys known now; fetched the first time when only a URL is configured. */
    Mono<JWKSet> current() {
        JWKSet keys = current.get();
        return keys.isEmpty() && url != null ? refresh() : Mono.just(keys);
    }

    /** Fetches the URL again unless it was fetched within the minimum interval; returns the keys known after. */
    Mono<JWKSet> refresh() {
        if (url == null || System.nanoTime() - lastFetchNanos < minRefreshInterval.toNanos()) {
            return Mono.just(current.get());
        }
        Mono<JWKSet> existing = inFlight.get();
        if (existing != null) {
            return existing;
        }
        Mono<JWKSet> fetch = fetch().doOnNext(current::set)
                .doFinally(s -> inFlight.set(null))
                .cache();
        return inFlight.compareAndSet(null, fetch) ? fetch : refresh();
    }

    private Mono<JWKSet> fetch() {
        return requireNonNull(http).get().uri(requireNonNull(url)).responseSingle((response, body) -> {
                    if (response.status().code() != 200) {
                        return Mono.error(new IllegalStateException("JWKS " + url + " answered " + response.status()));
                    }
                    return body.asString();
                })
                .map(this::merge)
                .doOnSubscribe(s -> lastFetchNanos = System.nanoTime());
    }

    private JWKSet merge(String json) {
        try {
            var keys = new ArrayList<>(staticKeys.getKeys());
            keys.addAll(JWKSet.parse(json).getKeys());
            return new JWKSet(keys);
        } catch (ParseException e) {
            throw new IllegalStateException("JWKS " + url + " is not a JWK set", e);
        }
    }
}
