package io.recall.internal;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies a store family's versioned scripts that a database lacks, each recorded in the family's version table,
 * so that several application instances may start at once against a fresh database (the first deployment of
 * several replicas) and each script still runs once.
 * <ul>
 *   <li>PostgreSQL: every step first takes a transaction-scoped advisory lock of the family (with no lock
 *       timeout, and reading committed data), so instances take turns and each finds what the one before
 *       applied. DDL is transactional there: a failed script leaves nothing behind.</li>
 *   <li>Instances in one JVM take turns on a lock per database URL and family, whatever the database.</li>
 *   <li>Elsewhere (H2 commits each DDL statement at once and has no advisory locks) an instance in another process
 *       that loses the race fails on an object that exists; it then waits up to {@link #RACE_WAIT_MILLIS} for the
 *       winner to record the version and goes on.</li>
 * </ul>
 */
public final class SchemaMigrations {

    /** How long an instance that lost a migration race waits for the winner to record the version. */
    static final long RACE_WAIT_MILLIS = 10_000;

    /** The first key of every advisory lock Recall takes ("RCLL"); the second is the family's. */
    private static final int LOCK_CLASS = 0x52434C4C;

    /** H2: table, index or constraint exists; PostgreSQL: duplicate table or object; both: duplicate key. */
    private static final Set<String> ALREADY_EXISTS = Set.of("42S01", "42S11", "90045", "42P07", "42710", "23505");

    private static final Map<String, Object> IN_PROCESS = new ConcurrentHashMap<>();

    /** How many steps lost a race and waited for the winner, for tests. */
    static final java.util.concurrent.atomic.AtomicLong LOST_RACES = new java.util.concurrent.atomic.AtomicLong();

    private SchemaMigrations() {
    }

    /**
     * Applies the scripts a database lacks, in order.
     *
     * @param ds           the database
     * @param folder       the scripts' resource folder in recall-core, e.g. {@code /io/recall/delivery/}
     * @param versionTable the family's version table, created if missing
     * @param scripts      the scripts, version 1 first; where {@code V<n>__x.postgresql.sql} exists next to
     *                     {@code V<n>__x.sql}, PostgreSQL runs it instead (for what only it has, such as partial
     *                     indexes), and the version table records which ran
     * @param now          when, as recorded
     */
    public static void apply(DataSource ds, String folder, String versionTable, List<String> scripts, Instant now) {
        apply(ds, folder, versionTable, scripts, now, true, Duration.ofMillis(RACE_WAIT_MILLIS));
    }

    /**
     * As above; without {@code inProcessTurns} instances in this JVM race as separate processes would, and an
     * instance that lost a race waits at most {@code raceWait} for the winner.
     */
    static void apply(DataSource ds, String folder, String versionTable, List<String> scripts, Instant now,
                      boolean inProcessTurns, Duration raceWait) {
        Objects.requireNonNull(now, "now");
        String[] database = JdbcSupport.autoCommit(ds, "reading the database's name", JdbcSupport.Retry.DEADLOCKS,
                c -> new String[] {c.getMetaData().getURL(), c.getMetaData().getDatabaseProductName()});
        Family family = new Family(ds, versionTable, database[1].equalsIgnoreCase("PostgreSQL"), raceWait);
        synchronized (inProcessTurns ? IN_PROCESS.computeIfAbsent(database[0] + " " + versionTable, k -> new Object())
                : new Object()) {
            family.step("creating " + versionTable, 0, c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + versionTable + " (version INT NOT NULL PRIMARY KEY,"
                            + " script VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)");
                }
            });
            for (int v = 1; v <= scripts.size(); v++) {
                int version = v;
                String script = family.postgres ? ownVariant(folder, scripts.get(v - 1)) : scripts.get(v - 1);
                family.step("applying " + script, version, c -> {
                    if (applied(c, versionTable, version)) {
                        return;
                    }
                    try (Statement s = c.createStatement()) {
                        for (String sql : SqlScripts.statements(folder + script)) {
                            s.execute(sql);
                        }
                    }
                    JdbcSupport.update(c, "INSERT INTO " + versionTable + " (version, script, applied_at) VALUES (?, ?, ?)",
                            version, script, now);
                });
            }
        }
    }

    private interface Step {
        void run(Connection c) throws SQLException;
    }

    private record Family(DataSource ds, String versionTable, boolean postgres, Duration raceWait) {

        /**
         * One step in its own transaction. On PostgreSQL it first takes the family's advisory lock, waiting as
         * long as it takes (whatever lock_timeout the host set), and reads committed data, so that after the wait
         * it sees what the instance before it recorded. Elsewhere a step that fails on an object that exists lost
         * a race to another process: it waits for that process to record the version (0: the version table).
         */
        void step(String what, int version, Step step) {
            try {
                JdbcSupport.inTransaction(ds, what, JdbcSupport.Retry.DEADLOCKS, c -> {
                    if (postgres) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
                            s.execute("SET LOCAL lock_timeout = 0");
                        }
                        try (PreparedStatement ps = JdbcSupport.bind(c.prepareStatement(
                                "SELECT pg_advisory_xact_lock(?, ?)"), LOCK_CLASS, versionTable.hashCode())) {
                            ps.execute();
                        }
                    }
                    step.run(c);
                    return null;
                });
            } catch (IllegalStateException e) {
                if (postgres || !(e.getCause() instanceof SQLException x)
                        || !ALREADY_EXISTS.contains(String.valueOf(x.getSQLState()))) {
                    throw e;
                }
                if (!awaitRecorded(version)) {
                    throw new IllegalStateException(e.getMessage() + "; no other instance recorded "
                            + (version == 0 ? versionTable : "version " + version) + " within " + raceWait, e.getCause());
                }
                LOST_RACES.incrementAndGet();
            }
        }

        private boolean awaitRecorded(int version) {
            long until = System.nanoTime() + raceWait.toNanos();
            do {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(true);
                    boolean recorded = applied(c, versionTable, version); // fails until the table exists
                    if (version == 0 || recorded) {
                        return true;
                    }
                } catch (SQLException notYet) {
                    // the version table may not be visible yet
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            } while (System.nanoTime() < until);
            return false;
        }
    }

    private static boolean applied(Connection c, String versionTable, int version) throws SQLException {
        try (PreparedStatement ps = JdbcSupport.bind(c.prepareStatement(
                "SELECT COUNT(*) FROM " + versionTable + " WHERE version = ?"), version);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    private static String ownVariant(String folder, String script) {
        String own = script.substring(0, script.length() - ".sql".length()) + ".postgresql.sql";
        return SchemaMigrations.class.getResource(folder + own) != null ? own : script;
    }
}
