package io.recall.delivery;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/** Fresh embedded H2 databases with the delivery schema, through a plain DriverManager data source. */
final class H2 {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private H2() {
    }

    /** A data source over a new, empty in-memory database that lives until the JVM ends. */
    static DataSource dataSource() {
        return new UrlDataSource("jdbc:h2:mem:delivery" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    }

    static JdbcStores stores() {
        return JdbcStores.migrate(dataSource(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    // H2's own JdbcDataSource drags in java.naming, which recall-core's module does not read.
    private record UrlDataSource(String url) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url);
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
    }
}
