package dev.sluice.mock;

import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The generator: deterministic output, in the wire format of each API. Thread-safe and stateless; share one
 * instance. Content token {@code i} is always the same word ("Sluice", " streams", " tokens", …); prompt tokens
 * are counted from the request's text (words + 4 per message + 3); {@code max_tokens}/{@code max_completion_tokens}
 * cap the tokens (finish reason "length"/"max_tokens"); a request offering tools is answered with a call to the
 * first (or the named) tool. Invalid input raises {@link IllegalArgumentException}.
 */
public final class MockLlm {

  public MockLlm() {
    // stateless: all per-request state lives in the returned publishers
  }

  /**
   * An OpenAI chat completion stream: each element one whole SSE frame ({@code data: …\n\n}), ending with
   * {@code data: [DONE]\n\n}. The first frame comes after {@link MockBehavior#timeToFirstToken()}, then one content
   * token per {@link MockBehavior#interTokenDelay()}. With {@code stream_options.include_usage} every chunk carries
   * {@code "usage":null} and a last chunk with {@code "choices":[]} carries the usage. If
   * {@link MockBehavior#failAfterTokens()} is set the Flux errors with {@link MockStreamFailure} after that many
   * content tokens.
   */
  public Flux<byte[]> openAiChatStream(JsonNode request, MockBehavior behavior) {
    requireArguments(request, behavior);
    return Flux.defer(() -> StreamPacing.pace(new OpenAiChatStream(ChatPlan.openAi(request, behavior)), behavior));
  }

  /** An OpenAI {@code chat.completion} body, emitted after ttft plus one inter-token delay per token. */
  public Mono<byte[]> openAiChatCompletion(JsonNode request, MockBehavior behavior) {
    requireArguments(request, behavior);
    return Mono.defer(() -> {
      ChatPlan plan = ChatPlan.openAi(request, behavior);
      return StreamPacing.whole(plan.completionTokens(), behavior, () -> OpenAiChatBody.render(plan));
    });
  }

  /**
   * An OpenAI embeddings body: {@code input} a string, strings, or token arrays; {@code encoding_format} float or
   * base64 (little-endian float32); {@code dimensions} honoured (default 1536); deterministic unit vectors.
   */
  public byte[] openAiEmbeddings(JsonNode request) {
    Objects.requireNonNull(request, "request");
    return OpenAiEmbeddings.render(request);
  }

  /** An OpenAI {@code /v1/models} list of the given ids. */
  public byte[] openAiModels(List<String> ids) {
    Objects.requireNonNull(ids, "ids");
    return OpenAiModels.render(ids);
  }

  /**
   * An Anthropic Messages stream: each element one whole SSE event ({@code event: X\ndata: {...}\n\n}), from
   * message_start to message_stop, paced and failing like {@link #openAiChatStream}.
   */
  public Flux<byte[]> anthropicMessagesStream(JsonNode request, MockBehavior behavior) {
    requireArguments(request, behavior);
    return Flux.defer(() -> StreamPacing.pace(new AnthropicStream(ChatPlan.anthropic(request, behavior)), behavior));
  }

  /** An Anthropic non-stream Messages body, emitted after ttft plus one inter-token delay per token. */
  public Mono<byte[]> anthropicMessage(JsonNode request, MockBehavior behavior) {
    requireArguments(request, behavior);
    return Mono.defer(() -> {
      ChatPlan plan = ChatPlan.anthropic(request, behavior);
      return StreamPacing.whole(plan.completionTokens(), behavior, () -> AnthropicBody.render(plan));
    });
  }

  private static void requireArguments(JsonNode request, MockBehavior behavior) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(behavior, "behavior");
  }
}
