/** Token buckets, concurrency slots and budgets: Redis Lua scripts, an in-memory fallback and the failure policy. */
@NullMarked
package dev.sluice.policy.ratelimit;

import org.jspecify.annotations.NullMarked;
