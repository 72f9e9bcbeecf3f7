@NullMarked
package dev.sluice.gateway.provider.openai;

import org.jspecify.annotations.NullMarked;
