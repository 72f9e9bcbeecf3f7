/** Asks the policy engine whether a request may go upstream, and turns a refusal into a {@code GatewayError}. */
@NullMarked
package dev.sluice.gateway.admission;

import org.jspecify.annotations.NullMarked;
