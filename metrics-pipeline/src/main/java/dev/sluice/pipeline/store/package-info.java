/** Postgres through R2DBC: raw events de-duplicated by event id, rollups raised by inserted rows only, daily partitions. */
@NullMarked
package dev.sluice.pipeline.store;

import org.jspecify.annotations.NullMarked;
