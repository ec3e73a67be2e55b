package io.recall.delivery;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;

/**
 * A minimal connection pool for tests: the stores open a connection per call, and a new PostgreSQL
 * connection is a new server process, which would dominate the tests' time. Closing a handed-out
 * connection rolls back anything uncommitted, restores auto-commit and returns it to the pool.
 */
final class Pooled implements DataSource {

    private final DataSource target;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    private Pooled(DataSource target) {
        this.target = target;
    }

    static DataSource of(DataSource target) {
        return new Pooled(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = idle.poll();
        Connection physical = c == null || c.isClosed() ? target.getConnection() : c;
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
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
