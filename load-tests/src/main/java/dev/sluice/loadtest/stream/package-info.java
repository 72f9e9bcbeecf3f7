@NullMarked
package dev.sluice.loadtest.stream;

import org.jspecify.annotations.NullMarked;
