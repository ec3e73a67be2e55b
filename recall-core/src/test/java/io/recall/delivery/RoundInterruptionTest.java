package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static io.recall.delivery.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A round that is interrupted (told to stop, out of rate, an exception, an error) after the provider accepted
 * a message still writes that message's SENT before anything else happens, and never leaves a recorded
 * attempt unsent. Found in review of the round-trip optimisation, where SENT rides with the next attempt.
 */
class RoundInterruptionTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    /**
     * Another transaction holds m2's key uncommitted longer than H2's lock timeout: starting m2 throws (HYT00),
     * after m1's attempt in the same chunk was committed. m1 must still be sent, not left for the next owner to
     * call UNKNOWN_OUTCOME. Any exception from a start or the pre-call write mid-chunk is the same case.
     */
    @Test
    void aKeyLockedPastTheTimeoutEndsTheRoundOnlyAfterTheChunksRecordedAttemptsWereSent() throws Exception {
        DataSource ds = Databases.pooled(Databases.h2());
        JdbcStores stores = JdbcStores.migrate(ds, T0);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build();
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false).withMaxBatch(5)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> Fault.ACCEPT);
        DeliveryPipeline p = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(mail)
                .workerId("w1").build();
        p.enqueue(OutboundMessage.of("c1", UTC, email("m1", "c1", Purpose.SERVICE)), T0);
        p.enqueue(OutboundMessage.of("c2", UTC, email("m2", "c2", Purpose.SERVICE)), T0);
        try (Connection other = ds.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement(
                    "INSERT INTO recall_outbox_key (channel, idempotency_key, entry_id) VALUES ('email', 'm2-email', 'x')")) {
                ps.executeUpdate();
            }
            try {
                p.dispatch(T0);
            } catch (RuntimeException e) {
                // H2's lock timeout on m2's key ends the round, after m1 (recorded in the same chunk) was sent
            }
            other.rollback();
            p.dispatch(T0.plus(Duration.ofMinutes(2)));
            assertEquals(DeliveryState.SENT, stores.outbox().find("m1").orElseThrow().state(),
                    "m1 was never sent: it must not end UNKNOWN_OUTCOME");
        }
    }

    /** Delegates to a store and runs a hook on every release (the hand-back of a round's unsent messages). */
    @Test
    void aStoreFailingWhileOneResultIsSettledLosesNoAcceptedAnswerOfTheSameRequest() {
        HookedFrequency frequency = new HookedFrequency(FrequencyStore.inMemory());
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false).withMaxBatch(2)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SERVER_ERROR : Fault.ACCEPT);
        DeliveryPipeline p = DeliveryPipeline.newBuilder().frequency(frequency)
                .policy(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build()).adapter(mail).workerId("w1")
                .build();
        p.enqueue(OutboundMessage.of("c1", ZoneId.of("UTC"), email("m1", "c1", Purpose.SERVICE)), T0);
        p.enqueue(OutboundMessage.of("c2", ZoneId.of("UTC"), email("m2", "c2", Purpose.SERVICE)), T0);
        boolean[] once = {false};
        frequency.onRelease = () -> {
            if (!once[0]) {
                once[0] = true;
                throw new IllegalStateException("releasing a counted send failed (database blip)");
            }
        };
        assertThrows(IllegalStateException.class, () -> p.dispatch(T0));
        // m2 was accepted in the same request as m1, whose 5xx could not be settled: m2's SENT is still written.
        assertEquals(DeliveryState.SENT, p.outbox().find("m2").orElseThrow().state());
        p.dispatch(T0.plus(Duration.ofMinutes(2)));   // m1's attempt stays open until its lease expires
        assertEquals(DeliveryState.SENT, p.outbox().find("m2").orElseThrow().state());
        assertEquals(1, mail.calls().stream().filter("m2-email"::equals).count());
        assertTrue(p.reconcile().balances());
    }

    static final class HookedFrequency implements FrequencyStore {
        final FrequencyStore d;
        Runnable onRelease = () -> { };
        HookedFrequency(FrequencyStore d) { this.d = d; }
        public void record(String e, String c, Channel ch, Instant at) { d.record(e, c, ch, at); }
        public void release(String e) { onRelease.run(); d.release(e); }
        public List<CountedSend> sendsSince(String c, java.util.Optional<Channel> ch, Instant since) { return d.sendsSince(c, ch, since); }
        public java.util.Optional<Instant> tryAcquire(String e, String c, Channel ch, Instant now, List<FrequencyCap> caps) { return d.tryAcquire(e, c, ch, now, caps); }
    }

    /**
     * The worker is told to stop while m1's request is under way (DeliveryScheduler.close). m1 is accepted. The
     * round then hands m2 and m3 back, one write each, before m1's SENT is written (deferred to the end of the
     * round). A worker killed during the hand-back (grace period over) leaves m1, which the provider accepted,
     * with an open attempt and no provider id: the next owner would make it UNKNOWN_OUTCOME.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anAcceptedSendIsWrittenBeforeTheRoundHandsTheRestBack(String db) {
        JdbcStores stores = JdbcStores.migrate(Databases.pooled(db.equals("h2") ? Databases.h2() : Databases.postgres()), T0);
        HookedFrequency frequency = new HookedFrequency(stores.frequency());
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
        DeliveryPipeline p = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(frequency)
                .policy(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build()).adapter(mail).workerId("w1").build();
        for (String id : List.of("m1", "m2", "m3")) {
            p.enqueue(OutboundMessage.of("c-" + id, UTC, email(id, "c-" + id, Purpose.SERVICE)), T0);
        }
        mail.duringSlowSend = p::stop;
        DeliveryState[] m1AtHandBack = new DeliveryState[1];
        frequency.onRelease = () -> {
            if (m1AtHandBack[0] == null) {
                m1AtHandBack[0] = stores.outbox().find("m1").orElseThrow().state();
            }
        };
        p.dispatch(T0);
        assertEquals(List.of("m1-email"), mail.calls());
        assertEquals(DeliveryState.SENT, stores.outbox().find("m1").orElseThrow().state(), "written at the round's end");
        assertEquals(DeliveryState.SENT, m1AtHandBack[0],
                "m1 was accepted before the hand-back began: a kill during it must not leave m1 unanswered");
    }

    /** An Error (not a RuntimeException) after an accepted send still writes its SENT. */
    @Test
    void anErrorAfterAnAcceptedSendStillWritesItsSentState() {
        JdbcStores stores = JdbcStores.migrate(Databases.pooled(Databases.h2()), T0);
        HookedFrequency frequency = new HookedFrequency(stores.frequency());
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build();
        DeliveryPipeline p = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(frequency).policy(policy).adapter(mail).workerId("w1").build();
        for (String id : List.of("m1", "m2")) {
            p.enqueue(OutboundMessage.of("c-" + id, UTC, email(id, "c-" + id, Purpose.SERVICE)), T0);
        }
        mail.duringSlowSend = p::stop;
        frequency.onRelease = () -> { throw new OutOfMemoryError("simulated"); };
        try {
            p.dispatch(T0);
        } catch (OutOfMemoryError expected) {
            // the worker carries on or dies; either way m1 was accepted
        }
        DeliveryPipeline next = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(mail)
                .workerId("w2").build();
        next.dispatch(T0.plus(Duration.ofMinutes(2)));
        OutboxEntry m1 = stores.outbox().find("m1").orElseThrow();
        assertEquals(DeliveryState.SENT, m1.state(), "accepted by the provider, with provider id p-1");
    }

    /**
     * A hard bounce that names only the provider id (DeliveryEvent.forProviderId) arrives while the round hands
     * back its unsent messages, after the provider accepted m1: the outbox must know p-1 by then, or nothing is
     * suppressed (and the stored event makes a redelivery a repeat).
     */
    @Test
    void aBounceForAnAcceptedSendIsHonouredWhileTheRoundGoesOn() {
        JdbcStores stores = JdbcStores.migrate(Databases.pooled(Databases.h2()), T0);
        HookedFrequency frequency = new HookedFrequency(stores.frequency());
        FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, false)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
        DeliveryPipeline p = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(frequency)
                .policy(DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build()).adapter(mail).workerId("w1").build();
        for (String id : List.of("m1", "m2")) {
            p.enqueue(OutboundMessage.of("c-" + id, UTC, email(id, "c-" + id, Purpose.SERVICE)), T0);
        }
        DeliveryEventHandler events = DeliveryEventHandler.of(stores.events(), p);
        mail.duringSlowSend = p::stop;
        boolean[] fired = {false};
        frequency.onRelease = () -> {
            if (!fired[0]) {
                fired[0] = true;
                events.onEvent(io.recall.channels.DeliveryEvent.forProviderId(io.recall.channels.DeliveryEvent.Type.HARD_BOUNCE,
                        Channel.EMAIL, "p-1", T0.plusSeconds(1)));
            }
        };
        p.dispatch(T0);
        org.junit.jupiter.api.Assertions.assertTrue(fired[0]);
        assertEquals(true, stores.suppressions().find(new io.recall.channels.Address.Email("c-m1@example.com")).isPresent(),
                "the hard bounce of an accepted message suppresses its address");
    }
}
