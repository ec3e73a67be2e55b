package io.recall.delivery.internal;

import javax.sql.DataSource;
import io.recall.internal.JdbcSupport;
import io.recall.internal.SchemaMigrations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Small helpers shared by the JDBC stores: connections, instants as epoch nanoseconds, and migrations. */
public final class Jdbc {

    /**
     * The schema versions shipped, each a resource {@code V<n>__*.sql} next to the delivery package; where a
     * {@code V<n>__*.postgresql.sql} exists, PostgreSQL runs it instead (for what only it has, such as partial
     * indexes).
     */
    private static final List<String> SCRIPTS = List.of("V1__delivery_stores.sql", "V2__rate_limits.sql",
            "V3__frequency_locks.sql", "V4__open_row_indexes.sql");

    private Jdbc() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> extends JdbcSupport.Work<T> {
    }

    /**
     * Runs {@code work} on a fresh auto-commit connection; SQL failures become {@link IllegalStateException}s. A
     * statement chosen as a deadlock victim is run again (it was undone whole), so {@code work} must only touch
     * the database.
     */
    public static <T> T auto(DataSource ds, String what, Work<T> work) {
        return JdbcSupport.autoCommit(ds, what, JdbcSupport.Retry.DEADLOCKS, work);
    }

    /**
     * Runs {@code work} in one transaction, committed on success and rolled back on failure. A transaction chosen
     * as a deadlock victim is run again from the start, so {@code work} must only touch the database.
     */
    public static <T> T tx(DataSource ds, String what, Work<T> work) {
        return JdbcSupport.inTransaction(ds, what, JdbcSupport.Retry.DEADLOCKS, work);
    }

    /** Whether a failure is a unique-key violation (SQLState 23505 on H2 and PostgreSQL). */
    public static boolean isDuplicateKey(SQLException e) {
        return JdbcSupport.isDuplicateKey(e);
    }

    /** An instant as epoch nanoseconds. */
    public static long nanos(Instant at) {
        return JdbcSupport.nanos(at);
    }

    /** Epoch nanoseconds as an instant. */
    public static Instant instant(long nanos) {
        return JdbcSupport.instant(nanos);
    }

    /** Binds parameters in order; {@code null} binds SQL NULL of the column's type. */
    public static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        return JdbcSupport.bind(ps, values);
    }

    /** Runs an update statement and returns the row count. */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        return JdbcSupport.update(c, sql, values);
    }

    /**
     * Applies every shipped schema version the database does not have yet, each in its own transaction; several
     * instances may do so at once (see {@link SchemaMigrations}).
     */
    public static void migrate(DataSource ds, Instant now) {
        SchemaMigrations.apply(ds, "/io/recall/delivery/", "recall_schema_version", SCRIPTS, now);
    }
}
