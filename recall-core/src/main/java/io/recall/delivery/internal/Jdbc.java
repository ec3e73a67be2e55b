package io.recall.delivery.internal;

import javax.sql.DataSource;
import io.recall.internal.JdbcSupport;
import io.recall.internal.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** Applies every shipped schema version the database does not have yet, each in its own transaction. */
    public static void migrate(DataSource ds, Instant now) {
        tx(ds, "creating the schema version table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS recall_schema_version (version INT NOT NULL PRIMARY KEY,"
                        + " script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        for (int v = 1; v <= SCRIPTS.size(); v++) {
            int version = v;
            String script = SCRIPTS.get(v - 1);
            tx(ds, "applying " + script, c -> {
                try (PreparedStatement ps = bind(c.prepareStatement(
                        "SELECT COUNT(*) FROM recall_schema_version WHERE version = ?"), version);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return null;
                    }
                }
                String applied = variant(script, Dialect.of(c));
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(applied)) {
                        s.execute(sql);
                    }
                }
                update(c, "INSERT INTO recall_schema_version (version, script, applied_at) VALUES (?, ?, ?)", version,
                        applied, now);
                return null;
            });
        }
    }

    /** The dialect's own form of a script ({@code V4__x.postgresql.sql} for {@code V4__x.sql}), if it ships one. */
    static String variant(String script, Dialect dialect) {
        if (dialect != Dialect.POSTGRESQL) {
            return script;
        }
        String own = script.substring(0, script.length() - ".sql".length()) + ".postgresql.sql";
        return Jdbc.class.getResource("/io/recall/delivery/" + own) != null ? own : script;
    }

    private static List<String> statements(String script) {
        return SqlScripts.statements("/io/recall/delivery/" + script);
    }
}
