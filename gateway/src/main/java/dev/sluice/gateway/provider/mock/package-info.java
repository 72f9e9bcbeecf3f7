@NullMarked
package dev.sluice.gateway.provider.mock;

import org.jspecify.annotations.NullMarked;
