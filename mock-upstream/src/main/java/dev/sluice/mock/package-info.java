/**
 * One fake LLM upstream: {@link dev.sluice.mock.MockLlm} generates deterministic responses in OpenAI's and
 * Anthropic's wire formats, {@link dev.sluice.mock.MockUpstreamServer} serves them over HTTP.
 */
@NullMarked
package dev.sluice.mock;

import org.jspecify.annotations.NullMarked;
