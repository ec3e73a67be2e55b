package io.recall.delivery.internal;

import javax.sql.DataSource;
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

    /** The schema versions shipped, each a resource {@code V<n>__*.sql} next to the delivery package. */
    private static final List<String> SCRIPTS = List.of("V1__delivery_stores.sql", "V2__rate_limits.sql",
            "V3__frequency_locks.sql");

    private Jdbc() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does it. */
        T run(Connection c) throws SQLException;
    }

    /** Deadlock victims (H2's 40001, PostgreSQL's 40P01) and serialization failures: rolled back, safe to redo. */
    private static final java.util.Set<String> DEADLOCK = java.util.Set.of("40001", "40P01");
    private static final int TRIES = 4;

    /**
     * Runs {@code work} on a fresh auto-commit connection; SQL failures become {@link IllegalStateException}s. A
     * statement chosen as a deadlock victim is run again (it was undone whole), so {@code work} must only touch
     * the database.
     */
    public static <T> T auto(DataSource ds, String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(true);
                return work.run(c);
            } catch (SQLException e) {
                if (attempt < TRIES && DEADLOCK.contains(e.getSQLState())) {
                    continue;
                }
                throw failed(what, e);
            }
        }
    }

    /**
     * Runs {@code work} in one transaction, committed on success and rolled back on failure. A transaction chosen
     * as a deadlock victim is run again from the start, so {@code work} must only touch the database.
     */
    public static <T> T tx(DataSource ds, String what, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
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
                if (attempt < TRIES && DEADLOCK.contains(e.getSQLState())) {
                    continue;
                }
                throw failed(what, e);
            }
        }
    }

    private static IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException(what + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }

    /** Whether a failure is a unique-key violation (SQLState 23505 on H2 and PostgreSQL). */
    public static boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** An instant as epoch nanoseconds. */
    public static long nanos(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    }

    /** Epoch nanoseconds as an instant. */
    public static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Binds parameters in order; {@code null} binds SQL NULL of the column's type. */
    public static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
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

    /** Runs an update statement and returns the row count. */
    public static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = bind(c.prepareStatement(sql), values)) {
            return ps.executeUpdate();
        }
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
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(script)) {
                        s.execute(sql);
                    }
                }
                update(c, "INSERT INTO recall_schema_version (version, script, applied_at) VALUES (?, ?, ?)", version,
                        script, now);
                return null;
            });
        }
    }

    private static List<String> statements(String script) {
        return SqlScripts.statements("/io/recall/delivery/" + script);
    }
}
