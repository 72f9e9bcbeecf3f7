package dev.sluice.mock;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Response ids shaped like the real ones ({@code chatcmpl-…}, {@code msg_…}), marked {@code mock}. */
final class Ids {

  private static final AtomicLong SEQUENCE = new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 8);

  private Ids() {
  }

  static String next(String prefix) {
    return prefix + Long.toString(SEQUENCE.incrementAndGet() & Long.MAX_VALUE, 36);
  }
}
