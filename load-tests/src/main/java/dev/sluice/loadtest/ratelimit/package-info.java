@NullMarked
package dev.sluice.loadtest.ratelimit;

import org.jspecify.annotations.NullMarked;
