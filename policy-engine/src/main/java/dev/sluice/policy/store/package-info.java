/** Where keys and policies live: Postgres (R2DBC) or YAML, cached in process and invalidated through Redis pub/sub. */
@NullMarked
package dev.sluice.policy.store;

import org.jspecify.annotations.NullMarked;
