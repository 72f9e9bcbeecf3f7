@NullMarked
package dev.sluice.gateway.provider.anthropic;

import org.jspecify.annotations.NullMarked;
