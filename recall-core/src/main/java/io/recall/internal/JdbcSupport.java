package io.recall.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What every JDBC store of recall-core does the same way: transactions (redone when the database chose them
 * as a victim), instants as epoch nanoseconds, parameters bound in order, and unique-key violations told
 * apart. The delivery, journey and incentive stores differ only in which failures they redo.
 */
public final class JdbcSupport {

    private JdbcSupport() {
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        /** Does it. */
        T run(Connection c) throws SQLException;
    }

    /**
     * Which failures a transaction is redone after, how often, and whether it pauses between tries (briefly,
     * growing: for lock waits, where the holder needs time to finish).
     *
     * @param sqlStates the SQLStates redone
     * @param tries     the most tries, at least 1
     * @param pause     whether to pause between tries
     */
    public record Retry(Set<String> sqlStates, int tries, boolean pause) {
        /** Deadlock victims (H2 40001, PostgreSQL 40P01) and serialization failures, redone at once, 4 tries. */
        public static final Retry DEADLOCKS = new Retry(Set.of("40001", "40P01"), 4, false);
        /**
         * Deadlocks, serialization failures and lock waits that timed out (H2 HYT00) or found the lock taken
         * (PostgreSQL 55P03), 20 tries with pauses: for short transactions that contend on purpose.
         */
        public static final Retry CONTENDED = new Retry(Set.of("HYT00", "40001", "40P01", "55P03"), 20, true);

        /** Validates every value and copies the set. */
        public Retry {
            sqlStates = Set.copyOf(sqlStates);
            if (tries < 1) {
                throw new IllegalArgumentException("tries must be at least 1 but was " + tries);
            }
        }

        boolean redoes(SQLException e) {
            for (SQLException x = e; x != null; x = x.getNextException()) {
                if (x.getSQLState() != null && sqlStates.contains(x.getSQLState())) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Runs {@code work} on a fresh auto-commit connection; SQL failures become {@link IllegalStateException}s
     * naming {@code what}. A failure {@code retry} redoes runs it again, so {@code work} must only touch the
     * database.
     */
    public static <T> T autoCommit(DataSource ds, String what, Retry retry, Work<T> work) {
        return run(ds, what, retry, true, work);
    }

    /**
     * Runs {@code work} in one transaction, committed on success and rolled back on failure. A failure
     * {@code retry} redoes runs it again from the start, so {@code work} must only touch the database.
     */
    public static <T> T inTransaction(DataSource ds, String what, Retry retry, Work<T> work) {
        return run(ds, what, retry, false, work);
    }

    private static <T> T run(DataSource ds, String what, Retry retry, boolean autoCommit, Work<T> work) {
        Objects.requireNonNull(retry, "retry");
        for (int attempt = 1; ; attempt++) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(autoCommit);
                if (autoCommit) {
                    return work.run(c);
                }
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (attempt >= retry.tries() || !retry.redoes(e)) {
                    throw failed(attempt > 1 ? what + " (after " + attempt + " tries)" : what, e);
                }
                if (retry.pause()) {
                    try {
                        Thread.sleep(Math.min(50, attempt * 2L));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw failed(what, e);
                    }
                }
            }
        }
    }

    /** A failure naming what was being done, the database's message and its SQLState. */
    public static IllegalStateException failed(String what, SQLException e) {
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

    /** Binds parameters in order; {@code null} binds SQL NULL, an {@link Instant} its epoch nanoseconds. */
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
}
