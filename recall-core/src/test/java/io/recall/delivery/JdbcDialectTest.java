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
}
