package dev.sluice.mock;

import org.jspecify.annotations.Nullable;

/**
 * The error bodies of the real APIs for a status: OpenAI {@code {"error":{"message","type","param","code"}}}
 * (4-space indent, as api.openai.com), Anthropic {@code {"type":"error","error":{"type","message"},"request_id"}}.
 */
final class ErrorBodies {

  private ErrorBodies() {
  }

  /** One OpenAI error's fields. */
  record OpenAiError(String message, String type, @Nullable String param, @Nullable String code) {
  }

  static OpenAiError openAiFor(int status, String model) {
    return switch (status) {
      case 400 -> new OpenAiError("Invalid request: the mock upstream was told to reject it (x-mock-status: 400).",
          "invalid_request_error", null, null);
      case 401 -> new OpenAiError("Incorrect API key provided: sk-mock****. You can find your API key at "
          + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
      case 403 -> new OpenAiError("You are not allowed to sample from this model", "invalid_request_error", null,
          null);
      case 404 -> new OpenAiError("The model `" + model + "` does not exist or you do not have access to it.",
          "invalid_request_error", null, "model_not_found");
      case 429 -> new OpenAiError("Rate limit reached for " + model + " in organization org-mock on requests per "
          + "min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s. Visit "
          + "https://platform.openai.com/account/rate-limits to learn more.", "requests", null, "rate_limit_exceeded");
      case 500 -> new OpenAiError("The server had an error while processing your request. Sorry about that!",
          "server_error", null, null);
      case 503 -> new OpenAiError("The engine is currently overloaded, please try again later", "server_error",
          null, null);
      default -> new OpenAiError("Mock upstream answered status " + status + ".",
          status < 500 ? "invalid_request_error" : "server_error", null, null);
    };
  }

  static byte[] openAi(OpenAiError error) {
    return Json.openAiErrorPretty(g -> {
      g.writeStartObject();
      g.writeObjectPropertyStart("error");
      g.writeStringProperty("message", error.message());
      g.writeStringProperty("type", error.type());
      g.writeStringProperty("param", error.param());
      g.writeStringProperty("code", error.code());
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  static byte[] anthropic(int status, String model, String requestId) {
    String[] typeAndMessage = switch (status) {
      case 400 -> new String[] {"invalid_request_error", "messages.0: Input does not match the expected shape."};
      case 401 -> new String[] {"authentication_error", "invalid x-api-key"};
      case 403 -> new String[] {"permission_error", "Your API key does not have permission to use the specified "
          + "resource."};
      case 404 -> new String[] {"not_found_error", "model: " + model};
      case 413 -> new String[] {"request_too_large", "Request exceeds the maximum allowed number of bytes."};
      case 429 -> new String[] {"rate_limit_error", "Number of request tokens has exceeded your per-minute rate "
          + "limit. Please try again later."};
      case 503, 529 -> new String[] {"overloaded_error", "Overloaded"};
      default -> new String[] {status < 500 ? "invalid_request_error" : "api_error",
          status < 500 ? "Mock upstream answered status " + status + "." : "Internal server error"};
    };
    return Json.compact(g -> {
      g.writeStartObject();
      g.writeStringProperty("type", "error");
      g.writeObjectPropertyStart("error");
      g.writeStringProperty("type", typeAndMessage[0]);
      g.writeStringProperty("message", typeAndMessage[1]);
      g.writeEndObject();
      g.writeStringProperty("request_id", requestId);
      g.writeEndObject();
    });
  }
}
