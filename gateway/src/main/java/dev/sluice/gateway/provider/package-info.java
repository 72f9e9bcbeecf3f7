@NullMarked
package dev.sluice.gateway.provider;

import org.jspecify.annotations.NullMarked;
