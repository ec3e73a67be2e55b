package io.recall.delivery;

import io.recall.incentive.JdbcIncentiveStores;
import io.recall.journey.JourneyStore;
import io.recall.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several application instances starting at once against a fresh database (a first deployment of several
 * replicas) each migrate every store family; all of them start, and every script runs once.
 */
class ConcurrentMigrationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int INSTANCES = 6;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void instancesMigratingAFreshDatabaseAtOnceAllStartAndEachScriptRunsOnce(String db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        try {
            for (int round = 0; round < 4; round++) {
                String url = Databases.url(db.equals("h2") ? Databases.h2() : Databases.postgres());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> instances = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    // Each instance opens its own connections, as separate processes would. On PostgreSQL each has a
                    // URL of its own, so the JVM's lock per URL does not make them take turns (H2 reports one URL for
                    // all, so there they do; SchemaMigrationsTest races H2 instances without it).
                    String ownUrl = db.equals("h2") ? url + ";LOCK_TIMEOUT=" + (10_000 + i)
                            : url + (url.contains("?") ? "&" : "?") + "ApplicationName=instance" + i;
                    DataSource own = Databases.dataSource(ownUrl, db.equals("h2") ? "sa" : "postgres", "");
                    instances.add(pool.submit(() -> {
                        go.await();
                        JdbcStores.migrate(own, T0);
                        JdbcIncentiveStores.migrate(own, T0);
                        JourneyStore.jdbc(own, T0);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> instance : instances) {
                    instance.get(60, TimeUnit.SECONDS); // rethrows an instance's failure
                }
                DataSource check = Databases.dataSource(url, db.equals("h2") ? "sa" : "postgres", "");
                assertEquals(List.of(1, 2, 3, 4), versions(check, "recall_schema_version"));
                assertEquals(List.of(1), versions(check, "recall_incentive_schema_version"));
                assertEquals(List.of(1), versions(check, "recall_journey_schema_version"));
                JdbcStores stores = JdbcStores.migrate(check, T0);
                assertTrue(stores.outbox().reconcile().balances());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> versions(DataSource ds, String table) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + table + " ORDER BY version")) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }
}
