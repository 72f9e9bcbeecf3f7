/** Identity: who is calling, from an API key or a JWT. */
@NullMarked
package dev.sluice.policy.identity;

import org.jspecify.annotations.NullMarked;
