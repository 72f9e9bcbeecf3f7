package dev.sluice.mock;

/** Why generation stopped, named per API. */
enum Finish {
  STOP("stop", "end_turn"),
  LENGTH("length", "max_tokens"),
  TOOL("tool_calls", "tool_use");

  final String openAi;
  final String anthropic;

  Finish(String openAi, String anthropic) {
    this.openAi = openAi;
    this.anthropic = anthropic;
  }
}
