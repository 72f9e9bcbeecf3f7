package dev.sluice.gateway.provider.anthropic;

import tools.jackson.databind.json.JsonMapper;

/** The one {@link JsonMapper} the Anthropic translators share: thread-safe, built once. */
final class AnthropicJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AnthropicJson() {
    }
}
