package io.recall.campaign;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.channels.Variable;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.OutboxEntry;
import io.recall.delivery.OutboxStore;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;
import io.recall.incentive.BudgetLedger;
import io.recall.incentive.IncentiveEngine;
import io.recall.incentive.IncentiveRule;
import io.recall.incentive.Offer;
import io.recall.incentive.RuleSet;
import io.recall.model.Money;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.recall.campaign.Fixtures.LONDON;
import static io.recall.campaign.Fixtures.SHANGHAI;
import static io.recall.campaign.Fixtures.classified;
import static io.recall.campaign.Fixtures.reachable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampaignRunnerTest {

    static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** 100 important-value (London), 100 general (Shanghai), and 17 who are excluded for each reason. */
    static List<Candidate> population(ConsentLedger consents, SuppressionStore suppressions) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.add(Candidate.of(classified("v" + i, "important-value", 90), reachable("v" + i, LONDON)));
            out.add(Candidate.of(classified("g" + i, "general", 120), reachable("g" + i, SHANGHAI)));
        }
        for (int i = 0; i < 5; i++) {
            out.add(Candidate.of(classified("o" + i, "other", 300), reachable("o" + i, LONDON)));
            out.add(Candidate.of(classified("r" + i, "general", 10), reachable("r" + i, LONDON)));
        }
        for (int i = 0; i < 3; i++) {
            out.add(new Candidate(classified("n" + i, "general", 200), Optional.empty(), Optional.empty()));
        }
        for (int i = 0; i < 2; i++) {
            Address.Email mail = new Address.Email("s" + i + "@example.com");
            out.add(Candidate.of(classified("s" + i, "important-value", 200), new Contact("s" + i, LONDON, Locale.UK,
                    List.of(mail))));
            suppressions.suppress(new Suppression(mail, Suppression.Reason.HARD_BOUNCE, NOW.minusSeconds(99), "test"));
            out.add(Candidate.of(classified("w" + i, "general", 200), reachable("w" + i, LONDON)));
            consents.append(ConsentEntry.withdrawn("w" + i, Channel.SMS, Purpose.MARKETING, NOW.minusSeconds(60), "v1", "test"));
        }
        for (Candidate c : out) {
            if (!c.customerId().startsWith("w")) {
                for (Channel ch : List.of(Channel.EMAIL, Channel.SMS, Channel.CALLBACK_LIST)) {
                    consents.append(ConsentEntry.granted(c.customerId(), ch, Purpose.MARKETING, NOW.minusSeconds(3600), "v1", "test"));
                }
            }
        }
        return out;
    }

    static RuleSet rules() {
        return RuleSet.newBuilder("spring-offers", Money.currency("GBP"), SegmentScheme.builtIn("seed4"))
                .rule(IncentiveRule.of("five-off", List.of(), new Offer.AmountOff(Money.of("5.00", "GBP")))).build();
    }

    static CampaignRunner runner(OutboxStore outbox, ConsentLedger consents, SuppressionStore suppressions, RuleSet rules) {
        return CampaignRunner.newBuilder().outbox(outbox).consents(consents).suppressions(suppressions)
                .incentives(IncentiveEngine.of(rules, BudgetLedger.of(rules), CLOCK)).clock(CLOCK).build();
    }

    final ConsentLedger consents = ConsentLedger.inMemory();
    final SuppressionStore suppressions = SuppressionStore.inMemory();
    final List<Candidate> population = population(consents, suppressions);
    final Campaign campaign = Fixtures.winBack("spring").incentives("spring-offers").build();

    @Nested
    class Record {

        final OutboxStore outbox = OutboxStore.inMemory();
        final CampaignRecord record = runner(outbox, consents, suppressions, rules()).run(campaign, population);

        @Test
        void countsReconcileAndEveryExclusionHasItsReason() {
            assertEquals(217, record.considered());
            assertEquals(record.considered(), record.targeted() + record.heldOut() + record.excluded());
            assertEquals(Map.of(Exclusion.NOT_IN_AUDIENCE, 10, Exclusion.NO_CONTACT, 3, Exclusion.SUPPRESSED, 2,
                    Exclusion.NO_CONSENT, 2), record.excludedByReason());
            assertEquals(40, record.heldOut());
            assertEquals(160, record.targeted());
            assertEquals(160, record.enqueued());
            assertEquals(160, countQueued(outbox, record));
        }

        @Test
        void holdoutIsStratifiedBySegment() {
            Map<String, Long> held = record.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.HELD_OUT)
                    .collect(Collectors.groupingBy(CustomerOutcome::segmentId, Collectors.counting()));
            assertEquals(Map.of("important-value", 20L, "general", 20L), held);
        }

        @Test
        void messageFollowsTheSegmentsPlanWithTheOfferAndIsDueInTheCustomersWindow() {
            CustomerOutcome v = record.outcomes().stream().filter(o -> o.segmentId().equals("important-value")
                    && o.status() == CustomerOutcome.Status.TARGETED).findFirst().orElseThrow();
            OutboxEntry entry = outbox.find(v.messageId().orElseThrow()).orElseThrow();
            assertEquals(List.of(Channel.CALLBACK_LIST, Channel.EMAIL), entry.plan().stream()
                    .map(m -> m.channel()).collect(Collectors.toList()));
            assertEquals("campaign:spring:" + v.customerId() + ":initial", entry.id());
            assertEquals("winback-call", entry.plan().get(0).templateId());
            assertEquals(new Variable.Text("5.00 GBP off"), entry.plan().get(0).variables().get("offer"));
            // London is on UTC in March: 08:00Z is before the 10:00 window.
            assertEquals(Instant.parse("2026-03-02T10:00:00Z"), entry.dueAt());
            assertEquals(1, v.offers().size());
            assertEquals(Money.of("5.00", "GBP"), v.offers().get(0).value());

            CustomerOutcome g = record.outcomes().stream().filter(o -> o.segmentId().equals("general")
                    && o.status() == CustomerOutcome.Status.TARGETED).findFirst().orElseThrow();
            // 08:00Z is 16:00 in Shanghai, inside the window: due at once, on SMS only.
            assertEquals(Optional.of(NOW), g.dueAt());
            assertEquals(List.of(Channel.SMS), g.channels());
        }

        @Test
        void heldOutCustomersGetNothingButKeepThePlanTheyWouldHaveHad() {
            CustomerOutcome h = record.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.HELD_OUT)
                    .findFirst().orElseThrow();
            assertTrue(outbox.find(CampaignRunner.messageId("spring", h.customerId(), CampaignRunner.STEP)).isEmpty());
            assertFalse(h.channels().isEmpty());
            assertTrue(h.offers().isEmpty());
        }

        @Test
        void runningAgainEnqueuesNothingNewAndRecordsTheSameOffers() {
            CampaignRecord again = runner(outbox, consents, suppressions, rules()).run(campaign, population);
            assertEquals(0, again.enqueued());
            assertEquals(withoutEnqueuedFlag(record), withoutEnqueuedFlag(again));
        }
    }

    @Test
    void restartAfterACrashMidRunLosesAndDuplicatesNothing() {
        OutboxStore clean = OutboxStore.inMemory();
        CampaignRecord expected = runner(clean, consents, suppressions, rules()).run(campaign, population);

        OutboxStore durable = OutboxStore.inMemory();
        AtomicInteger budget = new AtomicInteger(57);
        OutboxStore crashing = (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(),
                new Class<?>[]{OutboxStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("enqueue") && budget.getAndDecrement() == 0) {
                        throw new IllegalStateException("power cut");
                    }
                    try {
                        return method.invoke(durable, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        assertThrows(IllegalStateException.class,
                () -> runner(crashing, consents, suppressions, rules()).run(campaign, population));
        assertEquals(57, countQueued(durable, expected));

        CampaignRecord resumed = runner(durable, consents, suppressions, rules()).run(campaign, population);
        assertEquals(expected.targeted() - 57, resumed.enqueued());
        assertEquals(expected.targeted(), countQueued(durable, expected));
        assertEquals(clean.reconcile(), durable.reconcile());
        assertEquals(withoutEnqueuedFlag(expected).stream().map(o -> o.customerId() + o.status() + o.channels() + o.dueAt())
                        .collect(Collectors.toList()),
                withoutEnqueuedFlag(resumed).stream().map(o -> o.customerId() + o.status() + o.channels() + o.dueAt())
                        .collect(Collectors.toList()));
    }

    @Test
    void restartOnAJdbcOutboxReadsTheEarlierOffersBackFromTheStoredMessages() {
        javax.sql.DataSource db = io.recall.testing.Databases.h2();
        OutboxStore first = io.recall.delivery.JdbcStores.migrate(db, NOW).outbox();
        AtomicInteger budget = new AtomicInteger(30);
        OutboxStore crashing = (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(),
                new Class<?>[]{OutboxStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("enqueue") && budget.getAndDecrement() == 0) {
                        throw new IllegalStateException("process killed");
                    }
                    try {
                        return method.invoke(first, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        assertThrows(IllegalStateException.class,
                () -> runner(crashing, consents, suppressions, rules()).run(campaign, population));
        // A new process: new stores over the same database.
        OutboxStore restarted = io.recall.delivery.JdbcStores.migrate(db, NOW).outbox();
        CampaignRecord resumed = runner(restarted, consents, suppressions, rules()).run(campaign, population);
        assertEquals(resumed.targeted() - 30, resumed.enqueued());
        assertEquals(resumed.targeted(), countQueued(restarted, resumed));
        assertTrue(resumed.outcomes().stream().filter(o -> o.status() == CustomerOutcome.Status.TARGETED)
                .allMatch(o -> o.offers().size() == 1 && o.offers().get(0).value().equals(Money.of("5.00", "GBP"))));
        CampaignRecord again = runner(restarted, consents, suppressions, rules()).run(campaign, population);
        assertEquals(0, again.enqueued());
        assertEquals(withoutEnqueuedFlag(resumed), withoutEnqueuedFlag(again));
    }

    @Test
    void runOnASubsetThenOnTheWholeNeverHoldsOutSomeoneAlreadyMessaged() {
        OutboxStore outbox = OutboxStore.inMemory();
        List<Candidate> firstThird = population.subList(0, population.size() / 3);
        CampaignRecord first = runner(outbox, consents, suppressions, rules()).run(campaign, firstThird);
        CampaignRecord whole = runner(outbox, consents, suppressions, rules()).run(campaign, population);
        for (CustomerOutcome o : first.outcomes()) {
            if (o.status() == CustomerOutcome.Status.TARGETED) {
                CustomerOutcome now = whole.outcome(o.customerId()).orElseThrow();
                assertEquals(CustomerOutcome.Status.TARGETED, now.status(), o.customerId());
                assertEquals(o.offers(), now.offers());
                assertFalse(now.enqueued());
            }
        }
        for (CustomerOutcome o : whole.outcomes()) {
            boolean messaged = outbox.find(CampaignRunner.messageId("spring", o.customerId(), CampaignRunner.STEP)).isPresent();
            assertEquals(o.status() == CustomerOutcome.Status.TARGETED, messaged, o.customerId());
        }
        assertEquals(whole.targeted(), first.enqueued() + whole.enqueued());
        assertEquals(whole.considered(), whole.targeted() + whole.heldOut() + whole.excluded());
    }

    @Test
    void customerWhoseWindowDoesNotOpenBeforeTheEndIsExcludedOutsideSchedule() {
        // Ends at 09:00Z: London's 10:00 window never opens; Shanghai's (16:00 local) is open now.
        Campaign shortOne = Fixtures.winBack("flash").holdout(BigDecimal.ZERO).schedule(new Schedule(Fixtures.START,
                Instant.parse("2026-03-02T09:00:00Z"), campaign.schedule().sendWindow())).build();
        CampaignRecord r = CampaignRunner.newBuilder().outbox(OutboxStore.inMemory()).clock(CLOCK).build()
                .run(shortOne, List.of(Candidate.of(classified("ldn", "general", 90), reachable("ldn", LONDON)),
                        Candidate.of(classified("sha", "general", 90), reachable("sha", SHANGHAI))));
        assertEquals(Optional.of(Exclusion.OUTSIDE_SCHEDULE), r.outcome("ldn").orElseThrow().exclusion());
        assertEquals(CustomerOutcome.Status.TARGETED, r.outcome("sha").orElseThrow().status());
    }

    @Test
    void contentCampaignMakesNoOffersAndNeedsNoEngine() {
        Campaign tips = Campaign.newBuilder("tips", CampaignKind.CONTENT).audience("seed4", "general")
                .plan("general", Channel.EMAIL).template(Channel.EMAIL, "tips").schedule(campaign.schedule()).build();
        OutboxStore outbox = OutboxStore.inMemory();
        CampaignRecord r = CampaignRunner.newBuilder().outbox(outbox).clock(CLOCK).build().run(tips, population);
        assertTrue(r.outcomes().stream().allMatch(o -> o.offers().isEmpty()));
        assertEquals(r.considered(), r.targeted() + r.heldOut() + r.excluded());
        assertEquals(107, r.targeted()); // 100 + 5 recent + 2 without consent (no ledger here)
    }

    @Test
    void runnerRefusesAnEndedCampaignAndAMissingOrWrongEngine() {
        OutboxStore outbox = OutboxStore.inMemory();
        CampaignRunner late = CampaignRunner.newBuilder().outbox(outbox)
                .clock(Clock.fixed(Fixtures.END, ZoneOffset.UTC)).build();
        assertThrows(IllegalStateException.class, () -> late.run(campaign, population));
        CampaignRunner noEngine = CampaignRunner.newBuilder().outbox(outbox).clock(CLOCK).build();
        assertThrows(IllegalStateException.class, () -> noEngine.run(campaign, population));
        Campaign other = Fixtures.winBack("spring").incentives("autumn").build();
        assertThrows(IllegalArgumentException.class,
                () -> runner(outbox, consents, suppressions, rules()).run(other, population));
        assertEquals(OutboxStore.inMemory().reconcile(), outbox.reconcile(), "a refused run enqueues nothing");
    }

    @Test
    void customerGivenTwiceIsRejected() {
        List<Candidate> twice = new ArrayList<>(population);
        twice.add(population.get(0));
        assertThrows(IllegalArgumentException.class,
                () -> runner(OutboxStore.inMemory(), consents, suppressions, rules()).run(campaign, twice));
    }

    static int countQueued(OutboxStore outbox, CampaignRecord record) {
        return (int) record.outcomes().stream().filter(o -> o.messageId().isPresent())
                .filter(o -> outbox.find(o.messageId().get()).isPresent()).count();
    }

    static List<CustomerOutcome> withoutEnqueuedFlag(CampaignRecord r) {
        return r.outcomes().stream().map(o -> new CustomerOutcome(o.customerId(), o.segmentId(), o.status(), o.exclusion(),
                o.channels(), o.messageId(), o.dueAt(), o.offers(), false)).collect(Collectors.toList());
    }

}
