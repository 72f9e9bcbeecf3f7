package dev.sluice.mock;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request/response on a connection. It ends either finished (the mock sent all it meant to send, including a
 * deliberate abrupt close) or cancelled (the peer went away first); the first of the two wins.
 */
final class Exchange {

  private static final AttributeKey<Exchange> CURRENT = AttributeKey.valueOf("sluice.mock.exchange");
  private static final AttributeKey<Boolean> WATCHED = AttributeKey.valueOf("sluice.mock.watched");

  private final AtomicBoolean ended = new AtomicBoolean();
  private final RequestJournal journal;
  private final Channel channel;

  private Exchange(RequestJournal journal, Channel channel) {
    this.journal = journal;
    this.channel = channel;
  }

  /**
   * Starts an exchange on the channel. The first exchange of a channel installs one close listener, which cancels
   * whatever exchange is in flight when the connection closes (one listener per connection, not per request).
   */
  static Exchange begin(RequestJournal journal, Channel channel) {
    Exchange exchange = new Exchange(journal, channel);
    channel.attr(CURRENT).set(exchange);
    if (channel.attr(WATCHED).setIfAbsent(Boolean.TRUE) == null) {
      channel.closeFuture().addListener(closed -> {
        Exchange inFlight = channel.attr(CURRENT).getAndSet(null);
        if (inFlight != null) {
          inFlight.cancel();
        }
      });
    }
    return exchange;
  }

  /** The mock is done with this response. */
  void finish() {
    ended.set(true);
    channel.attr(CURRENT).compareAndSet(this, null);
  }

  /** The peer closed (or the response was cancelled) before the mock was done: counted once. */
  void cancel() {
    if (ended.compareAndSet(false, true)) {
      journal.countCancelled();
    }
    channel.attr(CURRENT).compareAndSet(this, null);
  }

  Channel channel() {
    return channel;
  }
}
