package dev.sluice.mock;

import tools.jackson.databind.JsonNode;

/**
 * A deterministic stand-in for a tokenizer: whitespace-separated words of every text in the prompt, plus 4 per
 * message and 3 to prime the reply (OpenAI's well-known per-message overhead).
 */
final class PromptTokens {

  private static final int PER_MESSAGE = 4;
  private static final int REPLY_PRIMING = 3;

  private PromptTokens() {
  }

  /** OpenAI chat: {@code messages[].content} (a string or an array of parts). */
  static int openAi(JsonNode request) {
    int total = REPLY_PRIMING;
    for (JsonNode message : request.path("messages")) {
      total += PER_MESSAGE + words(message.path("content"));
    }
    return total;
  }

  /** Anthropic messages: {@code system} plus {@code messages[].content}. */
  static int anthropic(JsonNode request) {
    int total = REPLY_PRIMING + words(request.path("system"));
    for (JsonNode message : request.path("messages")) {
      total += PER_MESSAGE + words(message.path("content"));
    }
    return total;
  }

  /** Words in a content value: a string, an array of blocks with {@code text} or nested {@code content}. */
  static int words(JsonNode content) {
    if (content.isString()) {
      return words(content.stringValue());
    }
    int total = 0;
    if (content.isArray()) {
      for (JsonNode block : content) {
        total += block.isString() ? words(block.stringValue()) : words(block.path("text")) + words(block.path("content"));
      }
    }
    return total;
  }

  /** Counts maximal runs of non-whitespace characters. */
  static int words(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }
}
