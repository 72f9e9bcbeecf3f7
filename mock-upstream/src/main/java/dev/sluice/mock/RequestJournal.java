package dev.sluice.mock;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.http.server.HttpServerRequest;

/** Counts requests and cancellations, and keeps the last {@value #CAPACITY} requests. */
final class RequestJournal {

  static final int CAPACITY = 1000;

  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final ArrayDeque<RecordedRequest> recent = new ArrayDeque<>(CAPACITY);

  void countRequest() {
    requests.incrementAndGet();
  }

  void countCancelled() {
    cancelled.incrementAndGet();
  }

  int requestCount() {
    return requests.get();
  }

  int cancelledCount() {
    return cancelled.get();
  }

  RecordedRequest record(HttpServerRequest request, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    for (Map.Entry<String, String> header : request.requestHeaders()) {
      headers.merge(header.getKey().toLowerCase(Locale.ROOT), header.getValue(), (a, b) -> a + ", " + b);
    }
    RecordedRequest recorded = new RecordedRequest(request.method().name(), request.uri(), headers, body);
    synchronized (recent) {
      if (recent.size() == CAPACITY) {
        recent.removeFirst();
      }
      recent.addLast(recorded);
    }
    return recorded;
  }

  List<RecordedRequest> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  void reset() {
    synchronized (recent) {
      recent.clear();
    }
    requests.set(0);
    cancelled.set(0);
  }
}
