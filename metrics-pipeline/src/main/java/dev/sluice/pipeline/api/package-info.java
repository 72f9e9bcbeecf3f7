/** The usage API served from the rollups, tenant-scoped unless the caller is an admin. */
@NullMarked
package dev.sluice.pipeline.api;

import org.jspecify.annotations.NullMarked;
