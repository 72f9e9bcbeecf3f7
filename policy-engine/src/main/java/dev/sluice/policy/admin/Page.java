package dev.sluice.policy.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;

import java.util.List;

/**
 * Keyset pagination: {@code ?limit=50&after=<last id>}, ordered by id.
 *
 * @param nextAfter pass as {@code after} for the next page; null on the last page
 */
record Page<T>(List<T> data, boolean hasMore, @Nullable String nextAfter) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    static int limit(ServerRequest request) {
        String value = request.queryParam("limit").orElse(Integer.toString(DEFAULT_LIMIT));
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT, "limit");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a number", "limit");
        }
    }

    static String after(ServerRequest request) {
        return request.queryParam("after").orElse("");
    }
}
