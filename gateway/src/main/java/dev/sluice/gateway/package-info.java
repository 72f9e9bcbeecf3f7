/** The Sluice gateway: an OpenAI-compatible, streaming LLM gateway on Spring WebFlux and Reactor Netty. */
@NullMarked
package dev.sluice.gateway;

import org.jspecify.annotations.NullMarked;
