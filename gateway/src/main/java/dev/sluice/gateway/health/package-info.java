/** Liveness and readiness: {@code GET /health}, {@code GET /health/ready}. */
@NullMarked
package dev.sluice.gateway.health;

import org.jspecify.annotations.NullMarked;
