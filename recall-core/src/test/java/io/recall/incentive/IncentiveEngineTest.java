package io.recall.incentive;

import io.recall.model.Money;
import io.recall.segment.SegmentScheme;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IncentiveEngineTest {

    static final SegmentScheme SEED4 = SegmentScheme.builtIn("seed4");
    static final Clock DEC_10 = Clock.fixed(Instant.parse("2011-12-10T09:00:00Z"), ZoneOffset.UTC);
    static final java.util.Currency GBP = Money.currency("GBP");

    static RuleSet.Builder builder() {
        return RuleSet.newBuilder("test", GBP, SEED4);
    }

    static IncentiveEngine engine(RuleSet rules, Clock clock) {
        return IncentiveEngine.of(rules, BudgetLedger.of(rules), clock);
    }

    @Nested
    class Explanations {
        @Test
        void everyRuleIsExplainedWithTheFirstFailingConditionsActualAndExpectedValues() {
            RuleSet rules = builder()
                    .rule(IncentiveRule.of("recent-vip", List.of(RuleCondition.OneOf.segment("important-value"),
                            RuleCondition.Range.atLeast(Fact.R, "2"), RuleCondition.Range.atLeast(Fact.POINTS, "100")),
                            new Offer.PercentOff(new BigDecimal("10"))))
                    .rule(IncentiveRule.of("anyone", List.of(), new Offer.FreeShipping()))
                    .valuation(new Valuation(Money.of("0.01", "GBP"), Money.of("3.95", "GBP")))
                    .build();
            Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "important-value", 1, 2, 2, "80.00"));
            RuleTrace vip = d.traceOf("recent-vip").orElseThrow();
            assertEquals(RuleTrace.Outcome.NOT_MATCHED, vip.outcome());
            assertEquals(new ConditionFailure("r", "1", ">= 2"), vip.failure().orElseThrow());
            RuleTrace anyone = d.traceOf("anyone").orElseThrow();
            assertEquals(RuleTrace.Outcome.GRANTED, anyone.outcome());
            assertEquals(Optional.of(Money.of("3.95", "GBP")), anyone.value());
            assertTrue(anyone.budget().orElseThrow().isReserved());
            String text = d.explain();
            assertTrue(text.contains("recent-vip: not matched: r was 1, expected >= 2"), text);
            assertTrue(text.contains("anyone: granted free shipping, worth 3.95 GBP; reserved 3.95 GBP (no budget applies)"), text);
        }

        @Test
        void absentPredictionsFailWithAbsent() {
            RuleSet rules = builder().rule(IncentiveRule.of("alive", List.of(RuleCondition.Range.atLeast(Fact.P_ALIVE, "0.5")),
                    new Offer.FreeShipping())).build();
            CustomerFacts facts = Facts.of("c1", "general", 1, 1, 1, "10");
            Decision none = engine(rules, DEC_10).decide(facts);
            assertEquals("pAlive was absent, expected >= 0.5", none.trace().get(0).failure().orElseThrow().text());
            Decision some = engine(rules, DEC_10).decide(facts.withPredictions(Optional.of(new BigDecimal("0.7")),
                    Optional.of(Money.of("120", "GBP")), List.of("A1")));
            assertEquals(1, some.grants().size());
        }

        @Test
        void membershipComplaintsAffinityAndConsentAreTested() {
            RuleSet rules = builder().rule(IncentiveRule.of("gold-home", List.of(RuleCondition.OneOf.tier("gold"),
                    RuleCondition.Range.atMost(Fact.UNRESOLVED_COMPLAINTS, "0"), RuleCondition.Range.affinityAtLeast("HOME", "0.3"),
                    RuleCondition.OneOf.consent("sms", "push")), new Offer.FreeShipping())).build();
            IncentiveEngine e = engine(rules, DEC_10);
            CustomerFacts base = Facts.of("c1", "general", 1, 1, 1, "10");
            assertEquals("tier was none, expected one of [gold]", e.decide(base).trace().get(0).failure().get().text());
            CustomerFacts gold = base.withMembership(Optional.of("gold"), 10);
            assertEquals("unresolvedComplaints was 2, expected <= 0",
                    e.decide(gold.withService(2, Map.of())).trace().get(0).failure().get().text());
            assertEquals("categoryAffinity.HOME was 0.1, expected >= 0.3",
                    e.decide(gold.withService(0, Map.of("HOME", new BigDecimal("0.1")))).trace().get(0).failure().get().text());
            assertEquals("consent was [email], expected consent to one of [push, sms]",
                    e.decide(gold.withService(0, Map.of("HOME", new BigDecimal("0.5")))).trace().get(0).failure().get().text());
        }
    }

    @Nested
    class ValidityWindows {
        final RuleSet rules = builder().rule(IncentiveRule.of("new-year", List.of(new RuleCondition.Window(
                java.time.LocalDateTime.parse("2012-01-01T00:00"), java.time.LocalDateTime.parse("2012-01-02T00:00"),
                Optional.empty())), new Offer.FreeShipping())).perCustomerLimit(5).build();

        @Test
        void aWindowInCustomerTimeOpensAtTheCustomersMidnight() {
            // 2011-12-31T15:00Z is already 1 January in Tokyo, still 31 December in London.
            IncentiveEngine e = engine(rules, Clock.fixed(Instant.parse("2011-12-31T15:00:00Z"), ZoneOffset.UTC));
            CustomerFacts london = Facts.of("c1", "general", 1, 1, 1, "10");
            CustomerFacts tokyo = new CustomerFacts("c2", "general", london.score(), london.metrics(), london.expectedBasket(),
                    Optional.empty(), 0, 0, Map.of(), Set.of(), Optional.empty(), Optional.empty(), List.of(), ZoneId.of("Asia/Tokyo"));
            Decision inLondon = e.decide(london);
            assertTrue(inLondon.isEmpty());
            assertEquals("validity was 2011-12-31T15:00 Europe/London, expected from 2012-01-01T00:00 until 2012-01-02T00:00 customer time",
                    inLondon.trace().get(0).failure().orElseThrow().text());
            assertFalse(e.decide(tokyo).isEmpty());
        }

        @Test
        void theEndIsExclusive() {
            IncentiveEngine e = engine(rules, Clock.fixed(Instant.parse("2012-01-02T00:00:00Z"), ZoneOffset.UTC));
            assertTrue(e.decide(Facts.of("c1", "general", 1, 1, 1, "10")).isEmpty());
        }
    }

    @Nested
    class Conflicts {
        IncentiveRule percent(String id, String p) {
            return IncentiveRule.of(id, List.of(), new Offer.PercentOff(new BigDecimal(p)));
        }

        @Test
        void bestForCustomerTakesTheMostValuableWithinTheCap() {
            RuleSet rules = builder()
                    .rule(percent("ten", "10"))
                    .rule(percent("twenty-capped", "20").withTerms(OfferTerms.DEFAULT.withMaxDiscount(Money.of("5", "GBP"))))
                    .rule(IncentiveRule.of("six-off", List.of(), new Offer.AmountOff(Money.of("6", "GBP"))))
                    .build();
            Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100.00"));
            assertEquals("ten", d.grants().get(0).ruleId());
            assertEquals(Money.of("10.00", "GBP"), d.grants().get(0).value());
            assertEquals(Optional.of(Money.of("5.00", "GBP")), d.traceOf("twenty-capped").get().value());
            assertTrue(d.traceOf("six-off").get().text().contains("not selected: the limit of 1 offer per decision is reached"));
        }

        @Test
        void cheapestExpectedToWorkSkipsLowUptakeAndTakesTheCheapest() {
            RuleSet rules = builder().selection(SelectionStrategy.CHEAPEST_EXPECTED_TO_WORK, 1, new BigDecimal("0.05"))
                    .rule(percent("ten", "10").withExpectedUptake("0.10"))
                    .rule(IncentiveRule.of("two-off", List.of(), new Offer.AmountOff(Money.of("2", "GBP"))).withExpectedUptake("0.01"))
                    .rule(IncentiveRule.of("three-off", List.of(), new Offer.AmountOff(Money.of("3", "GBP"))).withExpectedUptake("0.06"))
                    .build();
            Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100.00"));
            assertEquals("three-off", d.grants().get(0).ruleId());
            assertTrue(d.traceOf("two-off").get().text().contains("expected uptake 0.01 is below the minimum 0.05"));
        }

        @Test
        void priorityComesBeforeTheStrategy() {
            RuleSet rules = builder().rule(percent("ten", "10")).rule(percent("one", "1").withPriority(5)).build();
            assertEquals("one", engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100")).grants().get(0).ruleId());
        }

        @Test
        void stackableRulesStackButExclusiveGroupsAndNonStackablesDoNot() {
            RuleSet rules = builder().selection(SelectionStrategy.BEST_FOR_CUSTOMER, 3, BigDecimal.ZERO).perCustomerLimit(3)
                    .rule(percent("ten", "10").stacking(true, false).inGroup("pct"))
                    .rule(percent("five", "5").stacking(true, false).inGroup("pct").withPriority(-1))
                    .rule(IncentiveRule.of("ship", List.of(), new Offer.FreeShipping()).stacking(true, false))
                    .rule(IncentiveRule.of("solo", List.of(), new Offer.AmountOff(Money.of("1", "GBP"))))
                    .valuation(new Valuation(Money.of("0.01", "GBP"), Money.of("4.00", "GBP")))
                    .build();
            Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100"));
            assertEquals(List.of("ten", "ship"), d.grants().stream().map(Grant::ruleId).collect(java.util.stream.Collectors.toList()));
            assertTrue(d.traceOf("five").get().text().contains("exclusive group pct already granted ten"));
            assertTrue(d.traceOf("solo").get().text().contains("does not stack; already granted [ship, ten]"), d.explain());
        }
    }

    @Nested
    class Budgets {
        final RuleSet rules = builder()
                .budget(Budget.ofMoney("total", Money.of("10.00", "GBP")).withCount(100))
                .rule(IncentiveRule.of("four-off", List.of(), new Offer.AmountOff(Money.of("4", "GBP"))).withTerms(OfferTerms.DEFAULT.withValidForDays(7)))
                .build();

        @Test
        void aDecisionReservesARedemptionCommitsAndACancellationReleases() {
            IncentiveEngine e = engine(rules, DEC_10);
            Grant a = e.decide(Facts.of("a", "general", 1, 1, 1, "50")).grants().get(0);
            Grant b = e.decide(Facts.of("b", "general", 1, 1, 1, "50")).grants().get(0);
            Decision c = e.decide(Facts.of("c", "general", 1, 1, 1, "50"));
            assertTrue(c.isEmpty());
            RuleTrace refused = c.trace().get(0);
            assertEquals(RuleTrace.Outcome.OVER_BUDGET, refused.outcome());
            assertEquals(Optional.of("total"), refused.budget().get().refusedBy());
            assertTrue(refused.text().contains("budget total has 2.00 GBP left, 4.00 GBP needed"), refused.text());

            assertTrue(e.redeem(a, Money.of("3.50", "GBP")));
            assertFalse(e.redeem(a, Money.of("3.50", "GBP")), "a second redemption changes nothing");
            BudgetState s = e.ledger().state("total").orElseThrow();
            assertEquals(Money.of("3.50", "GBP"), s.committed());
            assertEquals(Money.of("4.00", "GBP"), s.reserved());
            assertTrue(e.cancel(b));
            assertFalse(e.cancel(b));
            assertThrows(IllegalStateException.class, () -> e.cancel(a));
            assertThrows(IllegalStateException.class, () -> e.redeem(b, Money.of("1", "GBP")));
            assertEquals(Optional.of(Money.of("6.50", "GBP")), e.ledger().state("total").get().moneyLeft());
            assertFalse(e.decide(Facts.of("c", "general", 1, 1, 1, "50")).isEmpty());
        }

        @Test
        void expiryReleasesUnredeemedReservations() {
            BudgetLedger ledger = BudgetLedger.of(rules);
            IncentiveEngine today = IncentiveEngine.of(rules, ledger, DEC_10);
            today.decide(Facts.of("a", "general", 1, 1, 1, "50"));
            today.decide(Facts.of("b", "general", 1, 1, 1, "50"));
            IncentiveEngine nextWeek = IncentiveEngine.of(rules, ledger, Clock.offset(DEC_10, java.time.Duration.ofDays(7)));
            assertEquals(2, nextWeek.expire());
            assertEquals(Money.of("0", "GBP"), ledger.state("total").get().used());
        }

        @Test
        void perCustomerLimitAndSegmentBudgetsApply() {
            RuleSet r = builder().perCustomerLimit(1)
                    .budget(new Budget("general-count", Optional.of("general"), Set.of(), Optional.empty(), java.util.OptionalLong.of(1)))
                    .rule(IncentiveRule.of("ship", List.of(), new Offer.FreeShipping())).build();
            IncentiveEngine e = engine(r, DEC_10);
            assertFalse(e.decide(Facts.of("a", "general", 1, 1, 1, "5")).isEmpty());
            assertEquals("refused: customer a already holds 1 of at most 1 offers",
                    e.decide(Facts.of("a", "general", 1, 1, 1, "5")).trace().get(0).budget().get().text());
            assertTrue(e.decide(Facts.of("b", "general", 1, 1, 1, "5")).isEmpty());
            assertFalse(e.decide(Facts.of("c", "other", 1, 1, 1, "5")).isEmpty());
        }

        @Test
        void sixteenThreadsNeverOverrunABudget() throws Exception {
            RuleSet r = builder().perCustomerLimit(3)
                    .budget(Budget.ofMoney("total", Money.of("1000.00", "GBP")))
                    .budget(new Budget("keep", Optional.of("important-keep"), Set.of(), Optional.of(Money.of("300.00", "GBP")), java.util.OptionalLong.of(70)))
                    .rule(IncentiveRule.of("seven-off", List.of(), new Offer.AmountOff(Money.of("7.00", "GBP"))))
                    .build();
            BudgetLedger ledger = BudgetLedger.of(r);
            IncentiveEngine e = IncentiveEngine.of(r, ledger, DEC_10);
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Grant>>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Grant> mine = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        String segment = i % 2 == 0 ? "important-keep" : "general";
                        Decision d = e.decide(Facts.of("c" + (i % 40), segment, 2, 1, 2, "50"));
                        mine.addAll(d.grants());
                        // Churn: redeem or cancel some grants concurrently with new decisions.
                        if (!d.grants().isEmpty() && i % 5 == thread % 5) {
                            if (i % 3 == 0) {
                                e.cancel(d.grants().get(0));
                            } else {
                                e.redeem(d.grants().get(0), Money.of("7.00", "GBP"));
                            }
                        }
                    }
                    return mine;
                }));
            }
            start.countDown();
            long granted = 0;
            for (Future<List<Grant>> f : futures) {
                granted += f.get(60, TimeUnit.SECONDS).size();
            }
            pool.shutdown();
            BudgetState total = ledger.state("total").orElseThrow();
            BudgetState keep = ledger.state("keep").orElseThrow();
            assertTrue(total.used().compareTo(Money.of("1000.00", "GBP")) <= 0, total.toString());
            assertTrue(keep.used().compareTo(Money.of("300.00", "GBP")) <= 0, keep.toString());
            assertTrue(keep.reservedCount() + keep.committedCount() <= 70);
            // The ledger's books balance: what is used is exactly the live grants.
            long live = ledger.statuses().values().stream().filter(s -> s != BudgetLedger.Status.RELEASED).count();
            assertEquals(total.reservedCount() + total.committedCount(), live);
            assertEquals(Money.of("7.00", "GBP").times(live), total.used());
            assertEquals(granted, ledger.statuses().size());
            // With 40 customers x 3 each = 120 slots and 142 affordable offers, the money budget was the binding limit.
            assertTrue(live <= 142);
        }
    }

    @Test
    void productOffersFromRecommendationsNeedRecommendations() {
        RuleSet rules = builder().rule(IncentiveRule.of("recs", List.of(),
                new Offer.ProductOffer(List.of(), true, new BigDecimal("10")))).build();
        IncentiveEngine e = engine(rules, DEC_10);
        CustomerFacts facts = Facts.of("c1", "general", 1, 1, 1, "20");
        assertEquals("recommendations was none, expected at least one recommended SKU",
                e.decide(facts).trace().get(0).failure().get().text());
        Decision d = e.decide(facts.withPredictions(Optional.empty(), Optional.empty(), List.of("22423", "85123A")));
        assertEquals(List.of("22423", "85123A"), d.grants().get(0).skus());
        assertEquals(Money.of("2.00", "GBP"), d.grants().get(0).value());
    }

    @Test
    void offersAreValuedExactly() {
        Valuation v = new Valuation(Money.of("0.01", "GBP"), Money.of("4.95", "GBP"));
        Money basket = Money.of("123.45", "GBP");
        assertEquals(Money.of("2.47", "GBP"), new Offer.PointsMultiplier(new BigDecimal("3")).value(basket, v));
        Offer.SpendAndSave sas = new Offer.SpendAndSave(List.of(
                new Offer.SpendAndSave.Tier(Money.of("50", "GBP"), Money.of("5", "GBP")),
                new Offer.SpendAndSave.Tier(Money.of("100", "GBP"), Money.of("12", "GBP"))));
        assertEquals(Money.of("12", "GBP"), sas.value(basket, v));
        assertEquals(Money.of("0", "GBP"), sas.value(Money.of("10", "GBP"), v));
        assertEquals(Money.of("18.52", "GBP"), new Offer.PercentOff(new BigDecimal("15")).value(basket, v));
    }

    @Test
    void aLedgerRefusesSubMinorUnitAmountsWithAnIllegalArgumentNamingTheAmount() {
        BudgetLedger ledger = BudgetLedger.of(GBP, List.of(Budget.ofMoney("b", Money.of("100", "GBP"))), 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ledger.reserve("c1", "general", "r",
                Money.of("1.005", "GBP"), Instant.parse("2011-12-01T00:00:00Z"), Instant.parse("2012-01-01T00:00:00Z")));
        assertTrue(e.getMessage().contains("1.005 GBP"), e.getMessage());
    }

    @Test
    void anAmountOffIsValuedAndReservedAtMostAtTheBasket() {
        RuleSet rules = builder().rule(IncentiveRule.of("fifteen-off", List.of(), new Offer.AmountOff(Money.of("15.00", "GBP"))))
                .budget(Budget.ofMoney("b", Money.of("100", "GBP"))).build();
        IncentiveEngine e = engine(rules, DEC_10);
        Decision d = e.decide(Facts.of("c1", "general", 1, 1, 1, "10.00"));
        assertEquals(Money.of("10.00", "GBP"), d.grants().get(0).value());
        assertEquals(Money.of("10.00", "GBP"), d.trace().get(0).budget().orElseThrow().amount());
        assertEquals(Money.of("5.00", "GBP"), new Offer.AmountOff(Money.of("5.00", "GBP")).value(Money.of("10.00", "GBP"),
                rules.valuation()));
    }

    @Test
    void aSpendAndSaveIsWorthNothingAndReservesNothingWhenTheBasketReachesNoTier() {
        RuleSet rules = builder().rule(IncentiveRule.of("sas", List.of(), new Offer.SpendAndSave(List.of(
                new Offer.SpendAndSave.Tier(Money.of("50", "GBP"), Money.of("5", "GBP"))))))
                .budget(Budget.ofMoney("b", Money.of("100", "GBP"))).build();
        Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "10.00"));
        assertEquals(Money.of("0.00", "GBP"), d.trace().get(0).value().orElseThrow());
        Decision reached = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "60.00"));
        assertEquals(Money.of("5.00", "GBP"), reached.grants().get(0).value());
    }

    @Test
    void aGrantExpiresNoLaterThanTheEndOfItsRulesValidityWindow() {
        // Valid for 30 days by default, but one window ends at midnight New York time, the other in customer (London) time.
        RuleSet rules = builder()
                .rule(IncentiveRule.of("campaign", List.of(new RuleCondition.Window(java.time.LocalDateTime.parse("2011-12-01T00:00"),
                        java.time.LocalDateTime.parse("2011-12-12T00:00"), Optional.of(ZoneId.of("America/New_York")))),
                        new Offer.FreeShipping()).stacking(true, false))
                .rule(IncentiveRule.of("customer-time", List.of(new RuleCondition.Window(java.time.LocalDateTime.parse("2011-12-01T00:00"),
                        java.time.LocalDateTime.parse("2011-12-11T00:00"), Optional.empty())),
                        new Offer.PercentOff(BigDecimal.TEN)).stacking(true, false))
                .selection(SelectionStrategy.BEST_FOR_CUSTOMER, 3, BigDecimal.ZERO)
                .perCustomerLimit(5).build();
        Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100.00"));
        Map<String, Instant> expiry = new java.util.HashMap<>();
        d.grants().forEach(g -> expiry.put(g.ruleId(), g.expiresAt()));
        assertEquals(Instant.parse("2011-12-12T05:00:00Z"), expiry.get("campaign"));
        assertEquals(Instant.parse("2011-12-11T00:00:00Z"), expiry.get("customer-time"));
    }

    @Test
    void aGrantWithoutAWindowOrWithALaterOneExpiresAfterValidForDays() {
        RuleSet rules = builder()
                .rule(IncentiveRule.of("long", List.of(new RuleCondition.Window(java.time.LocalDateTime.parse("2011-12-01T00:00"),
                        java.time.LocalDateTime.parse("2012-06-01T00:00"), Optional.empty())), new Offer.FreeShipping()))
                .build();
        Decision d = engine(rules, DEC_10).decide(Facts.of("c1", "general", 1, 1, 1, "100.00"));
        assertEquals(Instant.parse("2011-12-10T09:00:00Z").plus(java.time.Duration.ofDays(30)), d.grants().get(0).expiresAt());
    }
}
