@NullMarked
package dev.sluice.gateway.config;

import org.jspecify.annotations.NullMarked;
