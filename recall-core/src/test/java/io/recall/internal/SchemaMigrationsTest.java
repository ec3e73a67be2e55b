package io.recall.internal;

import io.recall.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Migrations raced by instances that do not take turns in this JVM, as separate processes would not: on
 * PostgreSQL the advisory lock makes them take turns, elsewhere an instance that lost waits for the winner; and
 * what happens when a script finds its objects without a recorded version.
 */
class SchemaMigrationsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> DELIVERY = List.of("V1__delivery_stores.sql", "V2__rate_limits.sql",
            "V3__frequency_locks.sql", "V4__open_row_indexes.sql");

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesOfSeparateProcessesRacingOnAFreshDatabaseAllSucceedAndEachScriptRunsOnce(String db) throws Exception {
        for (int round = 0; round < 4; round++) {
            DataSource fresh = db.equals("h2") ? Databases.h2() : Databases.postgres();
            // On PostgreSQL the instances' sessions wait at most 5 ms for a lock and read a snapshot per
            // transaction, settings a host may have: the migration must not depend on the server's defaults.
            String url = Databases.url(fresh);
            DataSource instance = db.equals("h2") ? fresh : Databases.dataSource(url + (url.contains("?") ? "&" : "?")
                    + "options=-c%20lock_timeout=5ms%20-c%20default_transaction_isolation=repeatable%5C%20read",
                    "postgres", "");
            long lostBefore = SchemaMigrations.LOST_RACES.get();
            race(() -> SchemaMigrations.apply(instance, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0,
                    false, Duration.ofSeconds(10)));
            assertEquals(List.of("1 V1__delivery_stores.sql", "2 V2__rate_limits.sql", "3 V3__frequency_locks.sql",
                    db.equals("h2") ? "4 V4__open_row_indexes.sql" : "4 V4__open_row_indexes.postgresql.sql"),
                    rows(fresh, "SELECT version, script FROM recall_schema_version ORDER BY version"));
            if (db.equals("postgresql")) {
                // The advisory lock leaves nobody a race to lose.
                assertEquals(lostBefore, SchemaMigrations.LOST_RACES.get());
            }
        }
    }

    @Test
    void instancesInOneJvmTakeTurnsSoNoneLosesARace() throws Exception {
        DataSource fresh = Databases.h2();
        long lostBefore = SchemaMigrations.LOST_RACES.get();
        race(() -> SchemaMigrations.apply(fresh, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0));
        assertEquals(lostBefore, SchemaMigrations.LOST_RACES.get());
        assertEquals(4, rows(fresh, "SELECT version, script FROM recall_schema_version").size());
    }

    @Test
    void aScriptFindingItsTablesWithNoVersionRecordedFailsOnceTheWaitEnds() {
        DataSource db = Databases.h2();
        SchemaMigrations.apply(db, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0);
        // Another version table: nobody will record its version 1, whose tables exist.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaMigrations.apply(db,
                "/io/recall/delivery/", "other_schema_version", DELIVERY, T0, true, Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("applying V1__delivery_stores.sql failed"), e.getMessage());
        assertTrue(e.getMessage().endsWith("; no other instance recorded version 1 within PT0.2S"), e.getMessage());
    }

    @Test
    void onPostgresqlSuchAScriptFailsAtOnceForTheLockRulesOutARace() {
        DataSource db = Databases.postgres();
        SchemaMigrations.apply(db, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaMigrations.apply(db,
                "/io/recall/delivery/", "other_schema_version", DELIVERY, T0, true, Duration.ofDays(1)));
        assertTrue(e.getMessage().startsWith("applying V1__delivery_stores.sql failed"), e.getMessage());
        assertTrue(e.getMessage().contains("(SQLState 42P07)"), e.getMessage());
    }

    private interface Migration {
        void run();
    }

    /** Six instances start the migration at once; rethrows the first failure. */
    private static void race(Migration migration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> instances = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                instances.add(pool.submit(() -> {
                    go.await();
                    migration.run();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> instance : instances) {
                instance.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStepThatFailsForAnotherReasonThanARaceFailsNamingTheStep() throws SQLException {
        DataSource admin = Databases.h2();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE USER reader PASSWORD 'secret'");
        }
        // The admin's URL sets DB_CLOSE_DELAY, which takes admin rights; the database stays open anyway.
        DataSource reader = Databases.dataSource(Databases.url(admin).replace(";DB_CLOSE_DELAY=-1", ""), "reader", "secret");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SchemaMigrations.apply(reader,
                "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0));
        assertTrue(e.getMessage().startsWith("creating recall_schema_version failed"), e.getMessage());
    }

    @Test
    void migratingAgainChangesNothing() throws SQLException {
        DataSource fresh = Databases.h2();
        SchemaMigrations.apply(fresh, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0);
        SchemaMigrations.apply(fresh, "/io/recall/delivery/", "recall_schema_version", DELIVERY, T0.plusSeconds(60));
        assertEquals(4, rows(fresh, "SELECT version, script FROM recall_schema_version").size());
    }

    private static List<String> rows(DataSource ds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return out;
    }
}
