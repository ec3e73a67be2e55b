package io.recall.incentive;

import javax.sql.DataSource;
import io.recall.internal.SqlScripts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Small helpers of the incentive stores' JDBC code: transactions retried on lock timeouts, deadlocks and
 * serialization failures, instants as epoch nanoseconds, and the incentive schema's own migrations.
 */
final class Sql {

    /** The schema versions shipped, each a resource next to this package. */
    private static final List<String> SCRIPTS = List.of("V1__incentive_stores.sql");
    // Lock timeout (H2), serialization failure, deadlock and lock-not-available (PostgreSQL): worth another try.
    private static final Set<String> TRANSIENT = Set.of("HYT00", "40001", "40P01", "55P03");
    private static final int ATTEMPTS = 20;

    private Sql() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction, committed on success and rolled back on failure; a transient
     * failure (lock timeout, deadlock) is retried from the start, so {@code work} must only touch the database.
     */
    static <T> T tx(DataSource ds, String what, Work<T> work) {
        SQLException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw failed(what, e);
                }
                last = e;
                try {
                    Thread.sleep(Math.min(50, attempt * 2L));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw failed(what, e);
                }
            }
        }
        throw failed(what + " (after " + ATTEMPTS + " attempts)", last);
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }

    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null && TRANSIENT.contains(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a failure is a unique-key violation (SQLState 23505 on H2 and PostgreSQL). */
    static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                ps.setObject(i + 1, null);
            } else if (v instanceof Instant at) {
                ps.setLong(i + 1, nanos(at));
            } else {
                ps.setObject(i + 1, v);
            }
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), values)) {
            return ps.executeUpdate();
        }
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
            if (isDuplicateKey(e)) {
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
