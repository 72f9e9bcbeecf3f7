package dev.sluice.mock;

/** Which upstream API a path belongs to; decides the error shape and the id headers. */
enum Api {
  OPENAI,
  ANTHROPIC;

  static Api ofPath(String path) {
    return path.startsWith("/v1/messages") ? ANTHROPIC : OPENAI;
  }
}
