package dev.sluice.policy.autoconfigure;

import io.r2dbc.pool.ConnectionPool;
import org.springframework.r2dbc.core.DatabaseClient;

/** The policy engine's own Postgres connection pool, apart from any the application has. */
public record PolicyDatabase(ConnectionPool pool, DatabaseClient client, String schema) implements AutoCloseable {

    @Override
    public void close() {
        pool.dispose();
    }
}
