package dev.sluice.pipeline;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh Postgres schema, migrated by Flyway, for one test class. The server comes from
 * {@code SLUICE_TEST_POSTGRES_URL} ({@code postgresql://user[:password]@host:port/db}), else 127.0.0.1:5432/test
 * as postgres; a missing server fails the test.
 */
public final class TestDatabase implements AutoCloseable {

    public final String host;
    public final int port;
    public final String database;
    public final String user;
    public final String password;
    public final String schema = "usage_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public TestDatabase() {
        URI uri = URI.create(System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"));
        host = uri.getHost();
        port = uri.getPort() < 0 ? 5432 : uri.getPort();
        database = uri.getPath().substring(1);
        String info = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
        int colon = info.indexOf(':');
        user = colon < 0 ? info : info.substring(0, colon);
        password = colon < 0 ? "" : info.substring(colon + 1);
        Flyway.configure().dataSource(jdbcUrl(), user, password).schemas(schema).defaultSchema(schema).load().migrate();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database + "?schema=" + schema;
    }

    public ConnectionFactory connectionFactory() {
        return ConnectionFactories.get(ConnectionFactoryOptions.parse(r2dbcUrl()).mutate()
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.PASSWORD, password)
                .build());
    }

    /** A pooled connection factory, as the application has (Spring Boot pools R2DBC connections). */
    public ConnectionFactory pooledConnectionFactory(int size) {
        return ConnectionFactories.get(ConnectionFactoryOptions.parse(r2dbcUrl().replace("r2dbc:postgresql:", "r2dbc:pool:postgresql:")
                        + "&maxSize=" + size + "&initialSize=" + size).mutate()
                .option(ConnectionFactoryOptions.USER, user)
                .option(ConnectionFactoryOptions.PASSWORD, password)
                .build());
    }

    public DatabaseClient client() {
        return DatabaseClient.create(connectionFactory());
    }

    /** Runs one SQL query over JDBC in this schema and returns the first column of its first row as a long. */
    public long queryLong(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl() + "?currentSchema=" + schema, user, password);
             Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public String queryString(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl() + "?currentSchema=" + schema, user, password);
             Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), user, password); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema.toLowerCase(Locale.ROOT) + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
