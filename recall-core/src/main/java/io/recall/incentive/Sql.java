package io.recall.incentive;

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
        tx(ds, "creating the incentive schema version table", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS recall_incentive_schema_version (version INT NOT NULL PRIMARY KEY,"
                        + " script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
            }
            return null;
        });
        for (int v = 1; v <= SCRIPTS.size(); v++) {
            int version = v;
            String script = SCRIPTS.get(v - 1);
            tx(ds, "applying " + script, c -> {
                if (count(c, "SELECT COUNT(*) FROM recall_incentive_schema_version WHERE version = ?", version) > 0) {
                    return null;
                }
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script)) {
                        s.execute(sql);
                    }
                }
                update(c, "INSERT INTO recall_incentive_schema_version (version, script, applied_at) VALUES (?, ?, ?)",
                        version, script, now);
                return null;
            });
        }
    }

    private static List<String> statements(String script) {
        return SqlScripts.statements("/io/recall/incentive/" + script);
    }
}
