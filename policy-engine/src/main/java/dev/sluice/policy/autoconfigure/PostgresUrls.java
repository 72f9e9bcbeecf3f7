package dev.sluice.policy.autoconfigure;

/** Accepts {@code r2dbc:postgresql://…}, {@code jdbc:postgresql://…} or {@code postgresql://…}; R2DBC and Flyway each get their form. */
final class PostgresUrls {

    private PostgresUrls() {
    }

    /** The URL without its driver scheme, e.g. {@code postgresql://127.0.0.1:5432/test}. */
    static String base(String url) {
        String u = url.strip();
        for (String scheme : new String[] {"r2dbc:", "jdbc:"}) {
            if (u.startsWith(scheme)) {
                u = u.substring(scheme.length());
            }
        }
        if (u.startsWith("postgres://")) {
            u = "postgresql://" + u.substring("postgres://".length());
        }
        if (!u.startsWith("postgresql://")) {
            throw new IllegalArgumentException("sluice.policy.postgres-url must be a postgresql URL: " + url);
        }
        return u;
    }
}
