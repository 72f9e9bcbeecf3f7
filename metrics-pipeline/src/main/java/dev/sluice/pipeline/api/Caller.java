package dev.sluice.pipeline.api;

import org.jspecify.annotations.Nullable;

/**
 * Who is asking: an admin sees every tenant; anyone else only {@code tenant}.
 *
 * @param tenant the caller's tenant (null for the admin token)
 * @param admin  whether the caller holds the admin role
 */
record Caller(@Nullable String tenant, boolean admin) {

    /** The tenant this caller may read, given the one it asked for (null: all tenants, admins only). */
    @Nullable String scope(@Nullable String requested) {
        if (admin) {
            return requested;
        }
        if (requested != null && !requested.equals(tenant)) {
            throw ApiException.forbidden("you may only read the usage of your own tenant");
        }
        return tenant;
    }
}
