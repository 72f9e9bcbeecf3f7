/** The metrics pipeline: usage events from Kafka into Postgres rollups, and the usage API. */
@NullMarked
package dev.sluice.pipeline;

import org.jspecify.annotations.NullMarked;
