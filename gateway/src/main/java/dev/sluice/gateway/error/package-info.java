@NullMarked
package dev.sluice.gateway.error;

import org.jspecify.annotations.NullMarked;
