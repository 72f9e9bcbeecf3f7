/** Spring Boot auto-configuration of the policy engine, split by feature. */
@NullMarked
package dev.sluice.policy.autoconfigure;

import org.jspecify.annotations.NullMarked;
