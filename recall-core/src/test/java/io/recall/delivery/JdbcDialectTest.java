package io.recall.delivery;

import io.recall.channels.Purpose;
import io.recall.delivery.internal.Dialect;
import io.recall.testing.Databases;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JDBC stores pick their SQL by an explicit dialect, read from the database, and claims skip locked rows on PostgreSQL. */
class JdbcDialectTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");

    @Test
    void productNamesMapToDialectsAndOnlyPostgresqlSkipsLockedRows() {
        assertEquals(Dialect.POSTGRESQL, Dialect.of("PostgreSQL"));
        assertEquals(Dialect.H2, Dialect.of("H2"));
        assertEquals(Dialect.OTHER, Dialect.of("MySQL"));
        assertEquals(Dialect.OTHER, Dialect.of("EnterpriseDB PostgreSQL-compatible"), "no guessing from substrings");
        assertEquals(" FOR UPDATE SKIP LOCKED", Dialect.POSTGRESQL.claimLock());
        assertEquals(" FOR UPDATE", Dialect.H2.claimLock());
        assertEquals(" FOR UPDATE", Dialect.OTHER.claimLock());
    }

    @Test
    void theDialectIsReadFromTheDatabaseItself() {
        assertEquals(Dialect.H2, Dialect.detect(Databases.h2()));
        assertEquals(Dialect.POSTGRESQL, Dialect.detect(Databases.postgres()));
    }

    /**
     * Why H2 claims with plain {@code FOR UPDATE}: it accepts {@code SKIP LOCKED}, but for the claim's query (sorted
     * by due time) it applies {@code LIMIT} before skipping, so a second worker gets nothing while due rows wait.
     * If H2 changes this, reconsider {@link Dialect#H2}.
     */
    @Test
    void h2WithSkipLockedWouldGiveASecondWorkerNothing() throws Exception {
        DataSource ds = Databases.h2();
        OutboxStore outbox = JdbcStores.migrate(ds, T0).outbox();
        for (String id : List.of("m1", "m2", "m3")) {
            outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c1", ZoneId.of("UTC"),
                    Fixtures.email(id, "c1", Purpose.SERVICE)), T0));
        }
        String claim = "SELECT id FROM recall_outbox WHERE state IN ('QUEUED', 'DEFERRED') AND due_at <= "
                + io.recall.delivery.internal.Jdbc.nanos(T0) + " ORDER BY due_at, id LIMIT %d FOR UPDATE SKIP LOCKED";
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery(String.format(claim, 1))) {
                assertTrue(rs.next());
            }
            try (Statement s = b.createStatement(); ResultSet rs = s.executeQuery(String.format(claim, 2))) {
                assertTrue(!rs.next(), "H2 now skips locked rows before limiting: m2 and m3 were free");
            }
            a.rollback();
            b.rollback();
        }
    }

    @Test
    void aClaimOnPostgresqlSkipsRowsAnotherTransactionHolds() throws Exception {
        DataSource ds = Databases.postgres();
        OutboxStore outbox = JdbcStores.migrate(ds, T0).outbox();
        for (String id : List.of("m1", "m2", "m3")) {
            outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c1", ZoneId.of("UTC"),
                    Fixtures.email(id, "c1", Purpose.SERVICE)), T0));
        }
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM recall_outbox WHERE id = 'm1' FOR UPDATE")) {
                assertTrue(rs.next());
            }
            // Without SKIP LOCKED this claim would wait for the other transaction: the guard turns a hang into a failure.
            List<OutboxEntry> claimed = CompletableFuture.supplyAsync(() -> outbox.claim(T0, "w1", T0.plusSeconds(60), 10))
                    .get(60, TimeUnit.SECONDS);
            assertEquals(List.of("m2", "m3"), claimed.stream().map(OutboxEntry::id).toList());
            other.rollback();
        }
        assertEquals(List.of("m1"), outbox.claim(T0, "w2", T0.plusSeconds(60), 10).stream().map(OutboxEntry::id).toList());
    }

    /**
     * PostgreSQL runs its own form of schema version 4: partial indexes over the rows that can still change, so
     * finished messages leave the claim's index; H2, without partial indexes, records the version unchanged.
     * With many finished rows the claim then reads the due rows in index order and sorts nothing.
     */
    @Test
    void postgresqlIndexesOnlyTheRowsThatCanStillChange() throws Exception {
        DataSource pg = Databases.postgres();
        JdbcStores stores = JdbcStores.migrate(pg, T0);
        try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
            List<String> indexes = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'recall_outbox'"
                    + " ORDER BY indexname")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            assertEquals(List.of("recall_outbox_leased", "recall_outbox_open", "recall_outbox_pkey",
                    "recall_outbox_provider_sent"), indexes);
            try (ResultSet rs = s.executeQuery("SELECT script FROM recall_schema_version WHERE version = 4")) {
                assertTrue(rs.next());
                assertEquals("V4__open_row_indexes.postgresql.sql", rs.getString(1));
            }
            // 2,000 finished rows and 5 due ones; the planner is told the table's real shape.
            s.execute("INSERT INTO recall_outbox (id, customer_id, zone, plan, enqueued_at, state, reason, detail, due_at,"
                    + " step, step_attempts, total_attempts, updated_at) SELECT 'done' || g, 'c', 'UTC', '[]', 0, 'SENT',"
                    + " 'ACCEPTED', '', 0, 0, 1, 1, 0 FROM generate_series(1, 2000) g");
            for (int i = 0; i < 5; i++) {
                stores.outbox().enqueue(OutboxEntry.queued(OutboundMessage.of("c" + i, ZoneId.of("UTC"),
                        Fixtures.email("due" + i, "c" + i, Purpose.SERVICE)), T0));
            }
            s.execute("ANALYZE recall_outbox");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT id FROM recall_outbox WHERE state IN ('QUEUED', 'DEFERRED')"
                    + " AND due_at <= 9000000000000000000 ORDER BY due_at, id LIMIT 100")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("recall_outbox_open") && !plan.toString().contains("Sort"),
                    plan::toString);
        }
        assertEquals(List.of("due0", "due1", "due2", "due3", "due4"),
                stores.outbox().claim(T0, "w1", T0.plusSeconds(60), 10).stream().map(OutboxEntry::id).toList());
        DataSource h2 = Databases.h2();
        JdbcStores.migrate(h2, T0);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT script FROM recall_schema_version WHERE version = 4")) {
            assertTrue(rs.next());
            assertEquals("V4__open_row_indexes.sql", rs.getString(1));
        }
    }
}
