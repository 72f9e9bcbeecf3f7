package dev.sluice.gateway.usage;

import dev.sluice.gateway.error.GatewayError;
import dev.sluice.gateway.provider.ModelRoute;
import dev.sluice.policy.admission.Caller;
import dev.sluice.policy.admission.Reservation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's account, opened when it arrives and closed once by {@link UsageRecorder#finish}, whichever way
 * it ends (completed, failed, rejected or cancelled). Fields are written before the upstream call or by one
 * signal at a time, and read once when it closes.
 */
public final class RequestUsage {

    private final String requestId;
    private final @Nullable String traceId;
    private final Instant receivedAt;
    private final long receivedNanos;
    private final String endpoint;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final UsageMeter meter = new UsageMeter();

    private volatile String model = "unknown";
    private volatile @Nullable ModelRoute route;
    private volatile @Nullable JsonNode body;
    private volatile boolean streamed;
    private volatile @Nullable String clientUser;
    private volatile Map<String, String> metadata = Map.of();
    private volatile Caller caller = Caller.ANONYMOUS;
    private volatile Reservation reservation = Reservation.NONE;
    private volatile boolean upstreamCalled;
    private volatile long firstTokenNanos;
    private volatile @Nullable GatewayError error;

    public RequestUsage(String requestId, @Nullable String traceId, String endpoint) {
        this.requestId = requestId;
        this.traceId = traceId;
        this.endpoint = endpoint;
        this.receivedAt = Instant.now();
        this.receivedNanos = System.nanoTime();
    }

    public void request(String model, JsonNode body, boolean streamed, @Nullable String clientUser,
                        Map<String, String> metadata) {
        this.model = model;
        this.body = body;
        this.streamed = streamed;
        this.clientUser = clientUser;
        this.metadata = metadata;
    }

    public void route(ModelRoute route) {
        this.route = route;
    }

    public void admitted(Caller caller, Reservation reservation) {
        this.caller = caller;
        this.reservation = reservation;
    }

    public void upstreamCalled() {
        this.upstreamCalled = true;
    }

    /** Stamps the first byte of content written to the client; later calls change nothing. */
    public void firstToken() {
        if (firstTokenNanos == 0) {
            firstTokenNanos = System.nanoTime();
        }
    }

    /** Whether any content reached the client. */
    public boolean hasFirstToken() {
        return firstTokenNanos != 0;
    }

    public void failed(GatewayError error) {
        this.error = error;
    }

    boolean close() {
        return finished.compareAndSet(false, true);
    }

    public UsageMeter meter() {
        return meter;
    }

    public String requestId() {
        return requestId;
    }

    @Nullable String traceId() {
        return traceId;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    long receivedNanos() {
        return receivedNanos;
    }

    public String endpoint() {
        return endpoint;
    }

    String model() {
        return model;
    }

    @Nullable ModelRoute route() {
        return route;
    }

    @Nullable JsonNode body() {
        return body;
    }

    boolean streamed() {
        return streamed;
    }

    @Nullable String clientUser() {
        return clientUser;
    }

    Map<String, String> metadata() {
        return metadata;
    }

    Caller caller() {
        return caller;
    }

    Reservation reservation() {
        return reservation;
    }

    public boolean wasUpstreamCalled() {
        return upstreamCalled;
    }

    long firstTokenNanos() {
        return firstTokenNanos;
    }

    public @Nullable GatewayError error() {
        return error;
    }
}
