package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Message;
import io.recall.channels.Purpose;
import io.recall.delivery.FaultyAdapter.Fault;
import io.recall.testing.Databases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import static io.recall.delivery.Fixtures.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a provider that deduplicates, a round starts the attempts of a group of requests in one write, as far
 * ahead as {@link DeliveryPolicy#recordAhead()} allows by the adapter's measured request times; with one that
 * cannot, each request's attempts are started just before it. Request times come from a fake ticker.
 */
class AttemptGroupTest {

    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final ZoneId UTC = ZoneId.of("UTC");

    /** A ticker that advances by {@code step} nanoseconds each time it is read: every request takes {@code step}. */
    private static java.util.function.LongSupplier ticker(Duration step) {
        AtomicLong t = new AtomicLong();
        return () -> t.getAndAdd(step.toNanos());
    }

    private static JdbcStores stores(String db) {
        return JdbcStores.migrate(Databases.pooled(db.equals("h2") ? Databases.h2() : Databases.postgres()), T0);
    }

    private static DeliveryPipeline pipeline(JdbcStores stores, FaultyAdapter adapter, DeliveryPolicy policy,
                                             Duration requestTime) {
        return DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(adapter)
                .workerId("w1").ticker(ticker(requestTime)).build();
    }

    /** An e-mail adapter that accepts everything, requests of up to 1 s; {@code dedup}: its provider deduplicates. */
    private static FaultyAdapter accepting(boolean dedup) {
        return new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, dedup).withMaxSendDuration(Duration.ofSeconds(1)),
                m -> Fault.ACCEPT);
    }

    /** One message alone, so the pipeline has measured the adapter's request time before the round under test. */
    private static void warmUp(DeliveryPipeline p) {
        p.enqueue(OutboundMessage.of("c0", UTC, email("m0", "c0", Purpose.SERVICE)), T0);
        p.dispatch(T0);
    }

    private record Counted(JdbcStores stores, DispatchReport report) {
    }

    /** After a warm-up message, one round of {@code n} messages (1 ms requests) counted from its start. */
    private static Counted countedRound(String db, JdbcRoundTest.Counter counter, FaultyAdapter mail, int n) {
        JdbcStores stores = JdbcStores.migrate(counter.wrap(Databases.pooled(db.equals("h2") ? Databases.h2()
                : Databases.postgres())), T0);
        DeliveryPipeline p = pipeline(stores, mail, DeliveryPolicy.newBuilder().build(), Duration.ofMillis(1));
        warmUp(p);
        for (int i = 0; i < n; i++) {
            p.enqueue(OutboundMessage.of("c" + i, UTC, email(String.format(Locale.ROOT, "m%02d", i), "c" + i,
                    Purpose.SERVICE)), T0);
        }
        counter.reset();
        return new Counted(stores, p.dispatch(T0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aDeduplicatingProvidersRoundCommitsOncePerGroupNotPerMessage(String db) {
        JdbcRoundTest.Counter counter = new JdbcRoundTest.Counter();
        FaultyAdapter mail = accepting(true);
        int n = 40;
        Counted round = countedRound(db, counter, mail, n);
        JdbcStores stores = round.stores();
        DispatchReport report = round.report();
        assertEquals(n, report.moved().get(DeliveryState.SENT));
        assertEquals(n + 1, mail.calls().size());
        // Release, claim, consent, suppressions, one group start (1 ms requests, 100 ms ahead: all 40) and the
        // SENT states at the end.
        assertTrue(counter.commits.get() <= 4, "commits: " + counter.commits);
        assertTrue(counter.statements.get() <= 7 + (db.equals("h2") ? n : 0), "statements: " + counter.statements);
        for (int i = 0; i < n; i++) {
            OutboxEntry e = stores.outbox().find(String.format(Locale.ROOT, "m%02d", i)).orElseThrow();
            assertEquals(DeliveryState.SENT, e.state());
            assertEquals(1, e.totalAttempts());
            assertTrue(e.openAttempt().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aProviderThatCannotDeduplicateHasEachRequestsAttemptsCommittedJustBeforeIt(String db) {
        JdbcRoundTest.Counter counter = new JdbcRoundTest.Counter();
        FaultyAdapter mail = accepting(false);
        int n = 40;
        countedRound(db, counter, mail, n);
        assertEquals(n + 1, mail.calls().size());
        assertFalse(counter.commits.get() < n, "each attempt is committed before its own send: " + counter.commits);
        assertTrue(counter.commits.get() <= 4 + n, "the SENT before rides along: " + counter.commits);
    }

    /**
     * Requests take 40 ms and attempts are recorded up to 100 ms ahead: groups of two requests. c2 and c3
     * withdraw while m1 is being sent: m2 was started with m1 and goes out, m3 starts in the next group and is
     * stopped. With {@code recordAhead} zero every request is started alone and m2 is stopped too.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aWithdrawalStopsEverySendWhoseGroupStartsAfterIt(String db) {
        for (Duration ahead : List.of(Duration.ofMillis(100), Duration.ZERO)) {
            JdbcStores stores = stores(db);
            FaultyAdapter mail = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true)
                    .withMaxSendDuration(Duration.ofSeconds(1)), m -> m.id().equals("m1") ? Fault.SLOW : Fault.ACCEPT);
            DeliveryPipeline p = pipeline(stores, mail, DeliveryPolicy.newBuilder().recordAhead(ahead).build(),
                    Duration.ofMillis(40));
            warmUp(p);
            for (String id : List.of("m1", "m2", "m3", "m4")) {
                p.enqueue(OutboundMessage.of("c" + id, UTC, email(id, "c" + id, Purpose.SERVICE)), T0);
            }
            mail.duringSlowSend = () -> {
                for (String c : List.of("cm2", "cm3")) {
                    p.consents().append(ConsentEntry.withdrawn(c, Channel.EMAIL, Purpose.SERVICE, T0.plusSeconds(1),
                            "v1", "unsubscribe link"));
                }
            };
            p.dispatch(T0);
            List<String> expected = ahead.isZero() ? List.of("m0-email", "m1-email", "m4-email")
                    : List.of("m0-email", "m1-email", "m2-email", "m4-email");
            assertEquals(expected, mail.calls(), "recordAhead " + ahead);
            OutboxEntry m3 = stores.outbox().find("m3").orElseThrow();
            assertEquals(DeliveryReason.CONSENT_WITHDRAWN, m3.reason());
            assertEquals(0, m3.totalAttempts(), "no attempt is recorded for a send stopped at its group's start");
        }
    }

    /** Slow requests leave nothing to group: 150 ms each against 100 ms ahead is one request at a time. */
    @Test
    void requestsSlowerThanRecordAheadAreStartedOneAtATime() {
        JdbcRoundTest.Counter counter = new JdbcRoundTest.Counter();
        JdbcStores stores = JdbcStores.migrate(counter.wrap(Databases.pooled(Databases.h2())), T0);
        FaultyAdapter mail = accepting(true);
        DeliveryPipeline p = pipeline(stores, mail, DeliveryPolicy.newBuilder().build(), Duration.ofMillis(150));
        warmUp(p);
        for (int i = 0; i < 10; i++) {
            p.enqueue(OutboundMessage.of("c" + i, UTC, email("n" + i, "c" + i, Purpose.SERVICE)), T0);
        }
        counter.reset();
        p.dispatch(T0);
        assertEquals(11, mail.calls().size());
        assertFalse(counter.commits.get() < 10, "one start per request: " + counter.commits);
    }

    /** Two messages with one key in the same group: the first reserves it, the second is a duplicate. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void twoMessagesWithOneKeyInOneGroupSendOnce(String db) {
        JdbcStores stores = stores(db);
        FaultyAdapter mail = accepting(true);
        DeliveryPipeline p = pipeline(stores, mail, DeliveryPolicy.newBuilder().build(), Duration.ofMillis(1));
        warmUp(p);
        Message first = email("m1", "c1", Purpose.SERVICE);
        p.enqueue(OutboundMessage.of("c1", UTC, first), T0);
        p.enqueue(OutboundMessage.of("c1", UTC, first.toBuilder().id("m2").build()), T0);
        p.enqueue(OutboundMessage.of("c3", UTC, email("m3", "c3", Purpose.SERVICE)), T0);
        p.dispatch(T0);
        assertEquals(List.of("m0-email", "m1-email", "m3-email"), mail.calls());
        assertEquals(DeliveryReason.DUPLICATE, stores.outbox().find("m2").orElseThrow().reason());
        assertEquals(0, stores.outbox().find("m2").orElseThrow().totalAttempts());
        assertEquals("m1", stores.outbox().findByIdempotencyKey(Channel.EMAIL, "m1-email").orElseThrow().id());
        assertTrue(p.reconcile().balances());
    }

    /**
     * A worker that dies after its group's attempts were recorded, before it sent them (here: its adapter throws
     * an Error on the first request): the next worker finds the attempts open and, the provider deduplicating,
     * resends them with the same keys; every message ends SENT once.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aGroupRecordedButNeverSentIsResentWithItsKeysByTheNextWorker(String db) {
        JdbcStores stores = stores(db);
        DeliveryPolicy policy = DeliveryPolicy.newBuilder().lease(Duration.ofMinutes(1)).build();
        FaultyAdapter dying = new FaultyAdapter(FaultyAdapter.caps(Channel.EMAIL, true)
                .withMaxSendDuration(Duration.ofSeconds(1)), m -> Fault.ACCEPT) {
            @Override
            public synchronized io.recall.channels.SendResult send(Message message) {
                if (!message.id().equals("m0")) {
                    throw new StackOverflowError("simulated death mid-group");
                }
                return super.send(message);
            }
        };
        DeliveryPipeline p = pipeline(stores, dying, policy, Duration.ofMillis(1));
        warmUp(p);
        for (String id : List.of("m1", "m2", "m3")) {
            p.enqueue(OutboundMessage.of("c" + id, UTC, email(id, "c" + id, Purpose.SERVICE)), T0);
        }
        assertThrows(StackOverflowError.class, () -> p.dispatch(T0));
        for (String id : List.of("m1", "m2", "m3")) {
            assertTrue(stores.outbox().find(id).orElseThrow().openAttempt().isPresent(), id + " was started in the group");
        }
        FaultyAdapter mail = accepting(true);
        DeliveryPipeline next = DeliveryPipeline.newBuilder().outbox(stores.outbox()).consents(stores.consents())
                .suppressions(stores.suppressions()).frequency(stores.frequency()).policy(policy).adapter(mail)
                .workerId("w2").build();
        next.dispatch(T0.plus(Duration.ofMinutes(2)));
        assertEquals(List.of("m1-email", "m2-email", "m3-email"), mail.calls());
        Reconciliation r = next.reconcile();
        assertEquals(4, r.count(DeliveryState.SENT), r::toString);
        assertEquals(2, stores.outbox().find("m1").orElseThrow().totalAttempts());
    }
}
