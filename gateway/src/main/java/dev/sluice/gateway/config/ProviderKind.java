package dev.sluice.gateway.config;

/** The wire format a provider speaks. */
public enum ProviderKind {
    /** Any OpenAI-compatible server: OpenAI, Azure OpenAI, vLLM, Ollama, Groq, Together… */
    OPENAI,
    /** Anthropic's Messages API, translated both ways. */
    ANTHROPIC,
    /** The built-in mock: no network, deterministic tokens. */
    MOCK
}
