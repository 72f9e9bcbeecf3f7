/** Rollups of usage events per minute, hour and day and dimension set, summed in memory for one batch. */
@NullMarked
package dev.sluice.pipeline.rollup;

import org.jspecify.annotations.NullMarked;
