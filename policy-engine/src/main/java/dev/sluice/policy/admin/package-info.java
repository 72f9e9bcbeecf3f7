/** The admin API under /admin/v1: tenants, teams, users, API keys and policies. */
@NullMarked
package dev.sluice.policy.admin;

import org.jspecify.annotations.NullMarked;
