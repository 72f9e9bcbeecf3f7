package dev.sluice.policy.admin;

import org.jspecify.annotations.Nullable;

/** A request body or parameter the admin API refuses with 400. */
final class BadRequestException extends RuntimeException {

    final @Nullable String param;

    BadRequestException(String message, @Nullable String param) {
        super(message);
        this.param = param;
    }
}
