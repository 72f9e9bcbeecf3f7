@NullMarked
package dev.sluice.gateway.usage;

import org.jspecify.annotations.NullMarked;
