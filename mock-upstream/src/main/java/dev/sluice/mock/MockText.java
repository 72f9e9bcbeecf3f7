package dev.sluice.mock;

/** The deterministic text the mock "generates": token {@code i} is always the same word. */
final class MockText {

  private static final String FIRST = "Sluice";
  /** Cycled after the first token; one non-ASCII token keeps UTF-8 handling honest. */
  private static final String[] CYCLE = {
      " streams", " tokens", " through", " a", " reactive", " gateway", ",", " one", " event", " at", " a",
      " time", " —", " fast", " and", " fair", "."
  };

  private MockText() {
  }

  /** The number of distinct token positions before the text repeats (used to precompute fragments). */
  static int variants() {
    return CYCLE.length + 1;
  }

  /** The variant (0 = the first token, then the cycle) of content token {@code i}. */
  static int variantOf(int i) {
    return i == 0 ? 0 : 1 + (i - 1) % CYCLE.length;
  }

  static String variant(int v) {
    return v == 0 ? FIRST : CYCLE[v - 1];
  }

  static String token(int i) {
    return variant(variantOf(i));
  }

  /** The concatenation of the first {@code count} tokens. */
  static String text(int count) {
    StringBuilder sb = new StringBuilder(count * 7);
    for (int i = 0; i < count; i++) {
      sb.append(token(i));
    }
    return sb.toString();
  }
}
