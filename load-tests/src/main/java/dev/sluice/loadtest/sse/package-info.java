@NullMarked
package dev.sluice.loadtest.sse;

import org.jspecify.annotations.NullMarked;
