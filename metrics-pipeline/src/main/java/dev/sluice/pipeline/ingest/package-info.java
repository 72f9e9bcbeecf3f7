/** Consuming topic sluice.usage.v1 as a consumer group: batches, dead letters, offsets committed after the database. */
@NullMarked
package dev.sluice.pipeline.ingest;

import org.jspecify.annotations.NullMarked;
