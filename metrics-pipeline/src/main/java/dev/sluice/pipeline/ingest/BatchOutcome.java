package dev.sluice.pipeline.ingest;

/**
 * What one batch did.
 *
 * @param inserted      events stored for the first time (they raised the rollups)
 * @param duplicates    events already stored (redelivered): they changed nothing
 * @param deadLettered  records sent to the dead-letter topic
 */
record BatchOutcome(long inserted, long duplicates, long deadLettered) {
}
