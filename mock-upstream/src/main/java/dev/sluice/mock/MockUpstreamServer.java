package dev.sluice.mock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP server around {@link MockLlm}: OpenAI's {@code POST /v1/chat/completions}, {@code POST /v1/embeddings},
 * {@code GET /v1/models} and Anthropic's {@code POST /v1/messages}, with per-request {@code x-mock-*} control headers
 * (see docs/mock-upstream.md). Every request is recorded (the last 1000).
 */
public final class MockUpstreamServer implements AutoCloseable {

  private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);

  private final DisposableServer server;
  private final LoopResources loops;
  private final RequestJournal journal;
  private final CassetteLibrary cassettes;

  private MockUpstreamServer(DisposableServer server, LoopResources loops, RequestJournal journal,
                             CassetteLibrary cassettes) {
    this.server = server;
    this.loops = loops;
    this.journal = journal;
    this.cassettes = cassettes;
  }

  /** Starts on 127.0.0.1 and a random free port. */
  public static MockUpstreamServer start(MockBehavior defaults) {
    return start("127.0.0.1", 0, defaults);
  }

  /** Starts on the given address ({@code port} 0 = a random free port). */
  public static MockUpstreamServer start(String host, int port, MockBehavior defaults) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(defaults, "defaults");
    RequestJournal journal = new RequestJournal();
    CassetteLibrary cassettes = new CassetteLibrary();
    MockHandler handler = new MockHandler(journal, cassettes, new AtomicReference<>(defaults));
    // Its own event loops, not Reactor Netty's global ones: a gateway in the same JVM (tests) may dispose those when
    // its application context closes, and the mock must outlive it; in load tests it keeps the two apart.
    LoopResources loops = LoopResources.create("mock-upstream", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
    DisposableServer server = HttpServer.create()
        .runOn(loops)
        .host(host)
        .port(port)
        .handle(handler::handle)
        .bindNow(BIND_TIMEOUT);
    return new MockUpstreamServer(server, loops, journal, cassettes);
  }

  /** Resolves {@code x-mock-cassette} paths against this directory first (then the classpath). */
  public MockUpstreamServer withCassetteRoot(Path directory) {
    cassettes.root(Objects.requireNonNull(directory, "directory"));
    return this;
  }

  public int port() {
    return server.port();
  }

  /** {@code http://HOST:PORT}. */
  public String baseUrl() {
    return "http://" + server.host() + ":" + server.port();
  }

  public int requestCount() {
    return journal.requestCount();
  }

  /** Requests whose client closed the connection (or cancelled) before the response ended. */
  public int cancelledCount() {
    return journal.cancelledCount();
  }

  /** The last 1000 requests, oldest first. */
  public List<RecordedRequest> requests() {
    return journal.recent();
  }

  /** The most recent request, or null before the first. */
  public @Nullable RecordedRequest lastRequest() {
    List<RecordedRequest> recent = journal.recent();
    return recent.isEmpty() ? null : recent.getLast();
  }

  /** Forgets recorded requests and zeroes the counters. */
  public void reset() {
    journal.reset();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    loops.disposeLater().block(Duration.ofSeconds(5));
  }

  /**
   * Runs a standalone server until killed: {@code --host 127.0.0.1 --port 0 --ttft-ms 0 --tokens 16 --delay-ms 0
   * --error-rate 0 [--cassette-root DIR]}. Prints its base URL on one line.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = options(args);
    MockBehavior defaults = MockBehavior.defaults()
        .withTimeToFirstToken(Duration.ofMillis(Long.parseLong(options.getOrDefault("ttft-ms", "0"))))
        .withTokens(Integer.parseInt(options.getOrDefault("tokens", "16")))
        .withInterTokenDelay(Duration.ofMillis(Long.parseLong(options.getOrDefault("delay-ms", "0"))))
        .withErrorRate(Double.parseDouble(options.getOrDefault("error-rate", "0")));
    MockUpstreamServer server = start(options.getOrDefault("host", "127.0.0.1"),
        Integer.parseInt(options.getOrDefault("port", "0")), defaults);
    String cassetteRoot = options.get("cassette-root");
    if (cassetteRoot != null) {
      server.withCassetteRoot(Path.of(cassetteRoot));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "mock-upstream-shutdown"));
    System.out.println(server.baseUrl());
    System.out.flush();
    stopped.await();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument: " + arg);
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        options.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        options.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("missing value for " + arg);
      }
    }
    return options;
  }
}
