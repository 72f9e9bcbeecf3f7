package dev.sluice.mock;

import java.io.Serial;

/** The deliberate failure of a mock response after {@link MockBehavior#failAfterTokens()} content tokens. */
public final class MockStreamFailure extends RuntimeException {

  @Serial
  private static final long serialVersionUID = 1L;

  private final int tokensEmitted;

  public MockStreamFailure(int tokensEmitted) {
    super("mock upstream failed deliberately after " + tokensEmitted + " content tokens", null, false, false);
    this.tokensEmitted = tokensEmitted;
  }

  /** How many content tokens were emitted before the failure. */
  public int tokensEmitted() {
    return tokensEmitted;
  }
}
