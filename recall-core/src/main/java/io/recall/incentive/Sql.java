package io.recall.incentive;

import javax.sql.DataSource;
import io.recall.internal.JdbcSupport;
import io.recall.internal.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Small helpers of the incentive stores' JDBC code: transactions retried on lock timeouts, deadlocks and
 * serialization failures, instants as epoch nanoseconds, and the incentive schema's own migrations.
 */
final class Sql {

    /** The schema versions shipped, each a resource next to this package. */
    private static final List<String> SCRIPTS = List.of("V1__incentive_stores.sql");
    private Sql() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> extends JdbcSupport.Work<T> {
    }

    /**
     * Runs {@code work} in one transaction, committed on success and rolled back on failure; a transient
     * failure (lock timeout, deadlock) is retried from the start, so {@code work} must only touch the database.
     */
    static <T> T tx(DataSource ds, String what, Work<T> work) {
        return JdbcSupport.inTransaction(ds, what, JdbcSupport.Retry.CONTENDED, work);
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return JdbcSupport.failed(what, e);
    }

    static long nanos(Instant at) {
        return JdbcSupport.nanos(at);
    }

    static Instant instant(long nanos) {
        return JdbcSupport.instant(nanos);
    }

    static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        return JdbcSupport.bind(ps, values);
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        return JdbcSupport.update(c, sql, values);
    }

    static long count(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), values); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Inserts a row unless one with its key exists, outside any caller's transaction (a failed insert would
     * abort a PostgreSQL transaction); returns whether it inserted.
     */
    static boolean insertIfAbsent(DataSource ds, String what, String sql, Object... values) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            return update(c, sql, values) == 1;
        } catch (SQLException e) {
            if (JdbcSupport.isDuplicateKey(e)) {
                return false;
            }
            throw failed(what, e);
        }
    }

    /**
     * Applies every incentive schema version the database lacks, recorded in
     * {@code recall_incentive_schema_version} (apart from the delivery stores' versions, which number on their own).
     */
    static void migrate(DataSource ds, Instant now) {
        SchemaMigrations.apply(ds, "/io/recall/incentive/", "recall_incentive_schema_version", SCRIPTS, now);
    }
}
