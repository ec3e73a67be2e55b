package io.recall.journey;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.Message;
import io.recall.delivery.JdbcStores;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.testing.Databases;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.recall.journey.Fixtures.T0;
import static io.recall.journey.JourneyRunner.messageKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JourneyRunnerTest {

    private static final Duration DAY = Duration.ofDays(1);

    private static JourneyRunner runner(Journey j, JourneyStore store, OutboxStore outbox) {
        return JourneyRunner.builder().journey(j).store(store).outbox(outbox).contacts(Fixtures::contact).build();
    }

    @Test
    void aSendCarriesTheVariablesTheHostGivesForTheInstance() {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyRunner r = JourneyRunner.builder().journey(Fixtures.followUp()).store(store).outbox(outbox)
                .contacts(Fixtures::contact)
                .variables((i, step) -> java.util.Map.of("offer", new io.recall.channels.Variable.Text(
                        i.customerId() + " " + step.id())))
                .build();
        r.record(new Fact.Purchase("ann", "o-1", T0));
        r.advance(T0.plusSeconds(60));
        Message m = outbox.find(messageKey("follow-up", "ann", 1, "thanks")).orElseThrow().plan().get(0);
        assertEquals(new io.recall.channels.Variable.Text("ann thanks"), m.variables().get("offer"));
    }

    @Test
    void followUpSendsWaitsAndBranchesOnTheOpen() {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyRunner r = runner(Fixtures.followUp(), store, outbox);
        r.record(new Fact.Purchase("ann", "o-1", T0));
        r.record(new Fact.Purchase("bob", "o-2", T0));

        assertEquals(new AdvanceReport(2, 2, 2, 0, 0, 0, 0), r.advance(T0.plusSeconds(60)));
        String annThanks = messageKey("follow-up", "ann", 1, "thanks");
        assertEquals(List.of(annThanks, messageKey("follow-up", "bob", 1, "thanks")), outbox.accepted);
        OutboxEntry e = outbox.find(annThanks).orElseThrow();
        Message m = e.plan().get(0);
        assertEquals(annThanks, m.idempotencyKey());
        assertEquals("thanks-email", m.templateId());
        assertEquals(new Address.Email("ann@example.com"), m.recipient());
        assertEquals("pause", store.find("follow-up", "ann").orElseThrow().stepId());

        assertEquals(new AdvanceReport(0, 0, 0, 0, 0, 0, 0), r.advance(T0.plus(DAY)), "waiting");
        // The provider reports Ann's open; the host maps it to her and records it.
        Fact opened = Fact.of(DeliveryEvent.about(DeliveryEvent.Type.OPENED, m, T0.plus(DAY)), "ann").orElseThrow();
        assertTrue(r.record(opened));
        AdvanceReport later = r.advance(T0.plus(Duration.ofDays(4)));
        assertEquals(new AdvanceReport(0, 7, 1, 0, 2, 0, 0), later);
        assertEquals(messageKey("follow-up", "bob", 1, "nudge"), outbox.accepted.get(2));
        assertEquals(Channel.SMS, outbox.find(outbox.accepted.get(2)).orElseThrow().plan().get(0).channel());
        JourneyInstance ann = store.find("follow-up", "ann").orElseThrow();
        assertEquals(JourneyInstance.Status.DONE, ann.status());
        assertEquals("done", ann.stepId());
        assertEquals(new AdvanceReport(0, 0, 0, 0, 0, 0, 0), r.advance(T0.plus(Duration.ofDays(4))));
    }

    @Test
    void advancingTwiceOrWithTheClockSendsNothingAgain() {
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyStore store = JourneyStore.inMemory();
        Instant now = T0.plusSeconds(1);
        JourneyRunner r = JourneyRunner.builder().journey(Fixtures.followUp()).store(store).outbox(outbox)
                .contacts(Fixtures::contact).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        r.record(new Fact.Purchase("ann", "o-1", T0));
        assertEquals(1, r.advance().enqueued());
        assertEquals(new AdvanceReport(0, 0, 0, 0, 0, 0, 0), r.advance());
        assertEquals(new AdvanceReport(0, 0, 0, 0, 0, 0, 0), r.advance(now));
        assertEquals(1, outbox.accepted.size());
    }

    @Test
    void aCrashAfterAnyWriteLosesAndDuplicatesNothing() {
        List<Instant> times = List.of(T0.plusSeconds(1), T0.plus(Duration.ofDays(2)), T0.plus(Duration.ofDays(4)),
                T0.plus(Duration.ofDays(30)));
        List<String> expected = run(Integer.MAX_VALUE, false, times);
        assertEquals(3, expected.size(), "ann opened, so no nudge for her");
        for (int n = 1; n <= 12; n++) {
            assertEquals(expected, run(n, false, times), "crash before write " + n);
            assertEquals(expected, run(n, true, times), "crash after write " + n);
        }
    }

    // Runs the follow-up for ann and bob at the times, crashing before or after the n-th instance write and then
    // carrying on with a fresh runner over the same stores (the restarted process).
    private static List<String> run(int crashOnWrite, boolean afterWrite, List<Instant> times) {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        store.record(new Fact.Purchase("ann", "o-1", T0));
        store.record(new Fact.Purchase("bob", "o-2", T0));
        store.record(new Fact.MessageEvent("ann", messageKey("follow-up", "ann", 1, "thanks"), Fact.MessageKind.OPENED,
                T0.plusSeconds(7200)));
        JourneyRunner crashing = runner(Fixtures.followUp(), new FailingStore(store, crashOnWrite, afterWrite), outbox);
        JourneyRunner restarted = runner(Fixtures.followUp(), store, outbox);
        boolean crashed = false;
        for (Instant at : times) {
            if (crashed) {
                restarted.advance(at);
            } else {
                try {
                    crashing.advance(at);
                } catch (FailingStore.Crash e) {
                    crashed = true;
                    restarted.advance(at);
                }
            }
        }
        return outbox.accepted.stream().sorted().toList();
    }

    @Test
    void aStopReplyEndsTheJourneyAndKeepsOthersOut() {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyRunner r = runner(Fixtures.followUp(), store, outbox);
        r.record(new Fact.Purchase("ann", "o-1", T0));
        r.record(new Fact.Purchase("cy", "o-3", T0));
        r.record(new Fact.Stop("cy", Channel.SMS, T0.minusSeconds(5)));
        assertEquals(1, r.advance(T0.plusSeconds(1)).entered(), "cy opted out before");
        Fact stop = Fact.of(DeliveryEvent.fromRecipient(DeliveryEvent.Type.REPLIED_STOP, new Address.Email("ann@example.com"),
                T0.plus(DAY)), "ann").orElseThrow();
        r.record(stop);
        assertEquals(new AdvanceReport(0, 1, 0, 0, 0, 1, 0), r.advance(T0.plus(Duration.ofDays(4))));
        assertEquals(JourneyInstance.Status.EXITED, store.find("follow-up", "ann").orElseThrow().status());
        assertEquals(List.of(messageKey("follow-up", "ann", 1, "thanks")), outbox.accepted);
        assertTrue(store.find("follow-up", "cy").isEmpty());
    }

    @Test
    void reentryWaitsOutTheCoolDownAndNumbersTheEntry() {
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyRunner r = runner(Fixtures.followUp(), store, outbox);
        r.record(new Fact.Purchase("ann", "o-1", T0));
        r.advance(T0);
        r.advance(T0.plus(Duration.ofDays(3))); // nudge and done, finished at day 3
        r.record(new Fact.Purchase("ann", "o-2", T0.plus(Duration.ofDays(5))));
        assertEquals(0, r.advance(T0.plus(Duration.ofDays(6))).entered(), "within the 10-day cool-down");
        r.record(new Fact.Purchase("ann", "o-3", T0.plus(Duration.ofDays(13))));
        assertEquals(1, r.advance(T0.plus(Duration.ofDays(13))).entered());
        assertEquals(List.of(messageKey("follow-up", "ann", 1, "thanks"), messageKey("follow-up", "ann", 1, "nudge"),
                messageKey("follow-up", "ann", 2, "thanks")), outbox.accepted);
        assertEquals(T0.plus(Duration.ofDays(13)), store.find("follow-up", "ann").orElseThrow().triggeredAt());
    }

    @Test
    void triggersFireAtTheirDeadlines() {
        Journey notOpened = Journey.builder("not-opened").trigger(new Trigger.NotOpened(Duration.ofDays(3)))
                .send("sms", Channel.SMS, "t", "end").exit("end").build(Fixtures.CHANNELS);
        Journey clicked = Journey.builder("clicked").trigger(new Trigger.ClickedNoPurchase(Duration.ofDays(2)))
                .send("mail", Channel.EMAIL, "t", "end").exit("end").build(Fixtures.CHANNELS);
        JourneyStore store = JourneyStore.inMemory();
        RecordingOutbox outbox = new RecordingOutbox(OutboxStore.inMemory());
        JourneyRunner r = JourneyRunner.builder().journey(notOpened).journey(clicked).journey(Fixtures.reminders())
                .store(store).outbox(outbox).contacts(Fixtures::contact).build();
        String annMail = "campaign:c1:ann:initial:email";
        String bobMail = "campaign:c1:bob:initial:email";
        r.record(new Fact.MessageEvent("ann", annMail, Fact.MessageKind.SENT, T0));
        r.record(new Fact.MessageEvent("bob", bobMail, Fact.MessageKind.SENT, T0));
        r.record(new Fact.MessageEvent("bob", bobMail, Fact.MessageKind.OPENED, T0.plus(DAY)));
        r.record(new Fact.MessageEvent("bob", bobMail, Fact.MessageKind.CLICKED, T0.plus(DAY)));
        r.record(new Fact.CouponExpiry("cy", "COUPON1", T0.plus(Duration.ofDays(10))));
        r.record(new Fact.CouponExpiry("dee", "COUPON2", T0.plus(Duration.ofDays(2))));

        assertEquals(0, r.advance(T0.plus(Duration.ofDays(2))).entered());
        r.advance(T0.plus(Duration.ofDays(3)));
        assertEquals(List.of(messageKey("not-opened", "ann", 1, "sms"), messageKey("clicked", "bob", 1, "mail")),
                outbox.accepted, "dee's coupon expired before any run");
        r.advance(T0.plus(Duration.ofDays(7)));
        assertEquals(messageKey("reminders", "cy", 1, "remind"), outbox.accepted.get(2));
        // The reminder journey polls daily until cy buys, then exits on the purchase.
        r.advance(T0.plus(Duration.ofDays(8)));
        r.record(new Fact.Purchase("cy", "o-9", T0.plus(Duration.ofDays(8)).plusSeconds(5)));
        r.advance(T0.plus(Duration.ofDays(9)));
        assertEquals(JourneyInstance.Status.EXITED, store.find("reminders", "cy").orElseThrow().status());
        assertEquals(3, outbox.accepted.size());
    }

    @Test
    void aCustomerWithoutAnAddressIsSkippedNotStuck() {
        JourneyStore store = JourneyStore.inMemory();
        JourneyRunner r = runner(Fixtures.followUp(), store, OutboxStore.inMemory());
        r.record(new Fact.Purchase("nobody1", "o-1", T0));
        assertEquals(new AdvanceReport(1, 1, 0, 1, 0, 0, 0), r.advance(T0));
        assertEquals("pause", store.find("follow-up", "nobody1").orElseThrow().stepId());
    }

    @Test
    void duplicateJourneysAreRejectedAndOutboxEntriesBecomeSentFacts() {
        assertThrows(IllegalArgumentException.class, () -> JourneyRunner.builder().journey(Fixtures.followUp())
                .journey(Fixtures.followUp()));
        OutboxStore outbox = OutboxStore.inMemory();
        JourneyRunner r = runner(Fixtures.followUp(), JourneyStore.inMemory(), outbox);
        r.record(new Fact.Purchase("ann", "o-1", T0));
        r.advance(T0);
        OutboxEntry queued = outbox.find(messageKey("follow-up", "ann", 1, "thanks")).orElseThrow();
        assertTrue(Fact.sent(queued).isEmpty(), "not sent yet");
        OutboxEntry claimed = outbox.claim(T0, "w", T0.plusSeconds(60), 1).get(0);
        assertTrue(outbox.complete(claimed.id(), "w", "p-1", T0.plusSeconds(2)));
        assertEquals(Optional.of(new Fact.MessageEvent("ann", queued.id(), Fact.MessageKind.SENT, T0.plusSeconds(2))),
                Fact.sent(outbox.find(queued.id()).orElseThrow()));
        assertTrue(Fact.of(DeliveryEvent.forProviderId(DeliveryEvent.Type.OPENED, Channel.EMAIL, "p-1", T0), "ann")
                .isEmpty(), "an open without the message key cannot be matched to a journey message");
    }

    static Stream<Named<Supplier<DataSource>>> databases() {
        return Stream.of(Named.of("h2", () -> Databases.pooled(Databases.h2())), Named.of("postgresql", () -> Databases.pooled(Databases.postgres())));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void twoConcurrentRunnersSendEachStepOnce(Supplier<DataSource> database) throws Exception {
        DataSource ds = database.get();
        OutboxStore shared = JdbcStores.migrate(ds, T0).outbox();
        JourneyStore store = JourneyStore.jdbc(ds, T0);
        int customers = 20;
        for (int c = 0; c < customers; c++) {
            store.record(new Fact.Purchase("c" + c, "o-" + c, T0));
        }
        List<RecordingOutbox> outboxes = List.of(new RecordingOutbox(shared), new RecordingOutbox(shared));
        // Two processes: separate runners and store objects over one database.
        List<JourneyRunner> runners = List.of(runner(Fixtures.followUp(), JourneyStore.jdbc(ds, T0), outboxes.get(0)),
                runner(Fixtures.followUp(), JourneyStore.jdbc(ds, T0), outboxes.get(1)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (Instant at : List.of(T0.plusSeconds(1), T0.plus(Duration.ofDays(4)))) {
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<AdvanceReport>> done = new ArrayList<>();
                for (JourneyRunner r : runners) {
                    done.add(pool.submit(() -> {
                        start.await();
                        return r.advance(at);
                    }));
                }
                for (Future<AdvanceReport> f : done) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> all = new ArrayList<>(outboxes.get(0).accepted);
        all.addAll(outboxes.get(1).accepted);
        assertEquals(2 * customers, all.size(), "a thanks and a nudge each");
        assertEquals(2 * customers, new HashSet<>(all).size());
        for (int c = 0; c < customers; c++) {
            JourneyInstance i = store.find("follow-up", "c" + c).orElseThrow();
            assertEquals(JourneyInstance.Status.DONE, i.status());
            assertEquals(5, i.version(), "thanks, pause, branch, nudge, exit: one move each, none lost or repeated");
            assertTrue(shared.find(messageKey("follow-up", "c" + c, 1, "nudge")).isPresent());
        }
        assertEquals(Optional.empty(), store.find("follow-up", "nobody"));
    }
}
