/** Durable spend: what budgets are rebuilt from after a Redis restart. */
@NullMarked
package dev.sluice.policy.budget;

import org.jspecify.annotations.NullMarked;
