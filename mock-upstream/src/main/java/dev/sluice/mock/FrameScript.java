package dev.sluice.mock;

/**
 * The frames of one stream, produced lazily: a prelude (sent at time to first token), the content tokens (paced by
 * the inter-token delay) and a trailer (sent right after the last token).
 */
abstract class FrameScript {

  abstract int preludeSize();

  abstract int tokenCount();

  abstract int trailerSize();

  abstract byte[] prelude(int i);

  abstract byte[] token(int k);

  abstract byte[] trailer(int j);

  final int size() {
    return preludeSize() + tokenCount() + trailerSize();
  }

  /** Frame {@code i} of the whole stream. */
  final byte[] frame(int i) {
    int prelude = preludeSize();
    if (i < prelude) {
      return prelude(i);
    }
    int tokens = tokenCount();
    return i < prelude + tokens ? token(i - prelude) : trailer(i - prelude - tokens);
  }

  /** The ordinal of the content token that frame {@code i} carries, or -1 for prelude and trailer frames. */
  final int tokenAt(int i) {
    int k = i - preludeSize();
    return k >= 0 && k < tokenCount() ? k : -1;
  }
}
