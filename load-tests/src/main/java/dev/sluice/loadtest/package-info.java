@NullMarked
package dev.sluice.loadtest;

import org.jspecify.annotations.NullMarked;
