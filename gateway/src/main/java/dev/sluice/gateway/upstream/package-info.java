@NullMarked
package dev.sluice.gateway.upstream;

import org.jspecify.annotations.NullMarked;
