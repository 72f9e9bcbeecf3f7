/** Policies and their evaluation: which limits apply to a request, and which static rules it breaks. */
@NullMarked
package dev.sluice.policy.rules;

import org.jspecify.annotations.NullMarked;
