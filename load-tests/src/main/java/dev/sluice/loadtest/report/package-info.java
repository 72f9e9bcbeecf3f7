@NullMarked
package dev.sluice.loadtest.report;

import org.jspecify.annotations.NullMarked;
