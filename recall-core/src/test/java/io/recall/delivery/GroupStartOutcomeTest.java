package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.delivery.internal.AttemptStarter;
import io.recall.delivery.internal.AttemptStarter.Outcome;
import io.recall.testing.Databases;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static io.recall.delivery.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One group start, every outcome in one group, each matched to its own message: the PostgreSQL form writes
 * each step as one set-based statement and reads back which rows it changed, so a mix-up between positions would
 * show here; the in-memory stores, started call by call, must give the same outcomes with the same precedence
 * (a taken key over a withdrawal over a lost lease).
 */
class GroupStartOutcomeTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "h2", "postgresql"})
    void eachStartAndCompletionGetsItsOwnOutcome(String db) {
        OutboxStore outbox;
        ConsentLedger consents;
        if (db.equals("memory")) {
            outbox = OutboxStore.inMemory();
            consents = ConsentLedger.inMemory();
        } else {
            JdbcStores stores = JdbcStores.migrate(Databases.pooled(db.equals("h2") ? Databases.h2()
                    : Databases.postgres()), T0);
            outbox = stores.outbox();
            consents = stores.consents();
        }
        // Enqueued in due order; "lost" and "lostWithdrawn" are claimed first, by another worker.
        List<String> ids = List.of("lost", "lostWithdrawn", "done", "doneLost", "fresh", "withdrawn", "taken", "twin",
                "again", "smsTwin", "otherPurpose", "otherChannel", "takenWithdrawn");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            Message m = email(id, "c-" + id, Purpose.SERVICE);
            if (id.equals("twin")) {
                m = m.toBuilder().idempotencyKey("fresh-email").build(); // the same key as "fresh", later in the group
            }
            if (id.equals("smsTwin")) {
                // The same key string as "fresh", on another channel: another key.
                m = Fixtures.sms(id, "c-" + id, Purpose.SERVICE).toBuilder().idempotencyKey("fresh-email").build();
            }
            outbox.enqueue(OutboxEntry.queued(OutboundMessage.of("c-" + id, UTC, m), T0.plusMillis(i)));
        }
        Instant now = T0.plusSeconds(1);
        Instant until = now.plus(Duration.ofMinutes(5));
        assertEquals(List.of("lost", "lostWithdrawn"), outbox.claim(now, "other", until, 2).stream()
                .map(OutboxEntry::id).toList());
        List<OutboxEntry> mine = outbox.claim(now, "w", until, 20);
        assertEquals(ids.subList(2, ids.size()), mine.stream().map(OutboxEntry::id).toList());
        OutboxEntry lost = outbox.find("lost").orElseThrow();
        OutboxEntry lostWithdrawn = outbox.find("lostWithdrawn").orElseThrow();
        // "doneLost" left this worker's lease (here: dead-lettered) before its SENT state was written.
        assertTrue(outbox.finish("doneLost", "w", DeliveryState.DEAD_LETTERED, DeliveryReason.PERMANENT_FAILURE,
                "moved on", now));
        assertTrue(outbox.reserveIdempotencyKey(Channel.EMAIL, "taken-email", "someone-else"));
        assertTrue(outbox.reserveIdempotencyKey(Channel.EMAIL, "takenWithdrawn-email", "someone-else"));
        assertTrue(outbox.reserveIdempotencyKey(Channel.EMAIL, "again-email", "again")); // its own, from an earlier try
        for (String customer : List.of("c-withdrawn", "c-lostWithdrawn", "c-takenWithdrawn")) {
            consents.append(ConsentEntry.withdrawn(customer, Channel.EMAIL, Purpose.SERVICE, now, "v1",
                    "unsubscribe link"));
        }
        // Withdrawals that do not concern the message: another purpose, another channel.
        consents.append(ConsentEntry.withdrawn("c-otherPurpose", Channel.EMAIL, Purpose.MARKETING, now,
                "v1", "unsubscribe link"));
        consents.append(ConsentEntry.withdrawn("c-otherChannel", Channel.SMS, Purpose.SERVICE, now,
                "v1", "STOP"));

        AttemptStarter starter = AttemptStarter.of(outbox, consents);
        List<OutboxEntry> starting = List.of(lost, entry(mine, "fresh"), entry(mine, "withdrawn"),
                entry(mine, "taken"), entry(mine, "twin"), entry(mine, "again"), entry(mine, "smsTwin"),
                entry(mine, "otherPurpose"), entry(mine, "otherChannel"), lostWithdrawn, entry(mine, "takenWithdrawn"));
        List<AttemptStarter.Start> starts = starting.stream().map(e -> new AttemptStarter.Start(e,
                new Attempt(e.totalAttempts() + 1, e.current().channel(), e.current().idempotencyKey(), "w", now)))
                .toList();
        // The completion that fails first, so "the first n written" would not pass for "these n written".
        List<AttemptStarter.Completion> completions = List.of(
                new AttemptStarter.Completion(entry(mine, "doneLost"), "provider-doneLost"),
                new AttemptStarter.Completion(entry(mine, "done"), "provider-done"));

        AttemptStarter.Group group = starter.start("w", starts, completions, now);

        // A withdrawal wins over a lost lease ("lostWithdrawn"), a taken key over a withdrawal ("takenWithdrawn").
        assertEquals(List.of(Outcome.LEASE_LOST, Outcome.RECORDED, Outcome.WITHDRAWN, Outcome.KEY_TAKEN,
                Outcome.KEY_TAKEN, Outcome.RECORDED, Outcome.RECORDED, Outcome.RECORDED, Outcome.RECORDED,
                Outcome.WITHDRAWN, Outcome.KEY_TAKEN),
                group.started().stream().map(AttemptStarter.Started::outcome).toList());
        assertEquals(List.of(false, true), group.completed());

        OutboxEntry done = outbox.find("done").orElseThrow();
        assertEquals(DeliveryState.SENT, done.state());
        assertEquals("provider-done", done.providerId().orElseThrow());
        assertEquals(DeliveryState.DEAD_LETTERED, outbox.find("doneLost").orElseThrow().state());
        for (String id : List.of("fresh", "again", "smsTwin", "otherPurpose", "otherChannel")) {
            OutboxEntry e = outbox.find(id).orElseThrow();
            Attempt open = e.openAttempt().orElseThrow();
            assertEquals(1, open.number(), id);
            assertEquals(e.current().idempotencyKey(), open.idempotencyKey(), id);
            assertEquals(e.current().channel(), open.channel(), id);
            assertEquals("w", open.workerId(), id);
            assertEquals(now, open.startedAt(), id);
            assertEquals(1, e.totalAttempts(), id);
        }
        for (String id : List.of("lost", "withdrawn", "taken", "twin", "lostWithdrawn", "takenWithdrawn")) {
            OutboxEntry e = outbox.find(id).orElseThrow();
            assertTrue(e.openAttempt().isEmpty(), id);
            assertEquals(0, e.totalAttempts(), id);
        }
        assertEquals("fresh", outbox.findByIdempotencyKey(Channel.EMAIL, "fresh-email").orElseThrow().id());
        assertEquals("smsTwin", outbox.findByIdempotencyKey(Channel.SMS, "fresh-email").orElseThrow().id());
        assertEquals("done", outbox.findByProviderId(Channel.EMAIL, "provider-done").orElseThrow().id());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aGroupNamingOneMessageTwiceIsRefusedBeforeAnythingIsWritten(String db) {
        JdbcStores stores = JdbcStores.migrate(Databases.pooled(db.equals("h2") ? Databases.h2()
                : Databases.postgres()), T0);
        stores.outbox().enqueue(OutboxEntry.queued(OutboundMessage.of("c", UTC, email("m", "c", Purpose.SERVICE)), T0));
        OutboxEntry m = stores.outbox().claim(T0, "w", T0.plusSeconds(60), 1).get(0);
        AttemptStarter starter = AttemptStarter.of(stores.outbox(), stores.consents());
        AttemptStarter.Start start = new AttemptStarter.Start(m, new Attempt(1, Channel.EMAIL, "m-email", "w", T0));
        assertThrows(IllegalArgumentException.class, () -> starter.start("w", List.of(start, start), List.of(), T0));
        AttemptStarter.Completion done = new AttemptStarter.Completion(m, "p");
        assertThrows(IllegalArgumentException.class, () -> starter.start("w", List.of(), List.of(done, done), T0));
        AttemptStarter.Start others = new AttemptStarter.Start(m, new Attempt(1, Channel.EMAIL, "m-email", "v", T0));
        assertThrows(IllegalArgumentException.class, () -> starter.start("w", List.of(others), List.of(), T0));
        assertTrue(stores.outbox().find("m").orElseThrow().openAttempt().isEmpty());
        assertTrue(stores.outbox().findByIdempotencyKey(Channel.EMAIL, "m-email").isEmpty());
    }

    /**
     * Another transaction has inserted the same key and not committed: the group's key insert waits for it (on
     * PostgreSQL {@code ON CONFLICT} waits for the outcome of a conflicting insert). If it commits, the key is
     * the other message's and this one is a duplicate; if it rolls back, the key is this message's and the
     * attempt is recorded.
     */
    @ParameterizedTest(name = "other transaction commits: {0}")
    @ValueSource(booleans = {true, false})
    void aKeyAnotherTransactionIsStillInsertingDecidesOnceThatTransactionEnds(boolean commits) throws Exception {
        javax.sql.DataSource ds = Databases.pooled(Databases.postgres());
        JdbcStores stores = JdbcStores.migrate(ds, T0);
        stores.outbox().enqueue(OutboxEntry.queued(OutboundMessage.of("c", UTC, email("m", "c", Purpose.SERVICE)), T0));
        OutboxEntry m = stores.outbox().claim(T0, "w", T0.plusSeconds(60), 1).get(0);
        AttemptStarter starter = AttemptStarter.of(stores.outbox(), stores.consents());
        AttemptStarter.Start start = new AttemptStarter.Start(m, new Attempt(1, Channel.EMAIL, "m-email", "w", T0));
        try (java.sql.Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = other.prepareStatement(
                    "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id) VALUES ('email', 'm-email', 'n')")) {
                ps.executeUpdate();
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                java.util.concurrent.Future<AttemptStarter.Group> group = pool.submit(
                        () -> starter.start("w", List.of(start), List.of(), T0));
                Databases.awaitLockWait(ds);
                assertFalse(group.isDone(), "the group start waits for the other insert");
                if (commits) {
                    other.commit();
                } else {
                    other.rollback();
                }
                Outcome outcome = group.get(60, java.util.concurrent.TimeUnit.SECONDS).started().get(0).outcome();
                assertEquals(commits ? Outcome.KEY_TAKEN : Outcome.RECORDED, outcome);
            } finally {
                pool.shutdownNow();
            }
        }
        // The other transaction's "n" is no outbox entry: its key is found by nothing, and "m" never holds it.
        assertEquals(commits ? Optional.empty() : Optional.of("m"), stores.outbox()
                .findByIdempotencyKey(Channel.EMAIL, "m-email").map(OutboxEntry::id));
        assertEquals(!commits, stores.outbox().find("m").orElseThrow().openAttempt().isPresent());
    }

    private static OutboxEntry entry(List<OutboxEntry> entries, String id) {
        return entries.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
    }
}
