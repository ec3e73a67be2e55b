package io.recall.incentive;

import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link BudgetLedger} must do; run in memory, on H2 and on PostgreSQL. */
abstract class BudgetLedgerContract {

    static final Currency GBP = Money.currency("GBP");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static final AtomicInteger SEQ = new AtomicInteger();

    /**
     * A ledger of a campaign. Ledgers of the same campaign made by one test share their budgets when the store
     * can be shared (a database); in memory each call may return a new, separate ledger.
     */
    abstract BudgetLedger ledger(String campaign, List<Budget> budgets, int perCustomerLimit, ZoneId zone);

    /** Whether two ledgers of one campaign share their use (two instances on one database). */
    abstract boolean shared();

    static String campaign() {
        return "campaign-" + SEQ.incrementAndGet() + "-" + System.nanoTime();
    }

    static Money gbp(String amount) {
        return Money.of(amount, "GBP");
    }

    BudgetLedger simple(Budget... budgets) {
        return ledger(campaign(), List.of(budgets), 3, ZoneId.of("UTC"));
    }

    @Nested
    class ReserveCommitRelease {
        @Test
        void reservationTakesFromEveryApplyingBudgetAndSaysWhatIsLeft() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")), Budget.ofMoney("vip", gbp("20.00")).forSegment("vip"));
            BudgetEffect e = l.reserve("c1", "vip", "r1", gbp("5.00"), T0, T0.plusSeconds(60));
            assertTrue(e.isReserved());
            assertEquals(List.of("total", "vip"), e.budgets());
            assertEquals("reserved 5.00 GBP from total (45.00 GBP left), vip (15.00 GBP left)", e.text());
            assertEquals(Optional.of(gbp("45.00")), l.state("total").orElseThrow().moneyLeft());
            assertEquals(Optional.of(BudgetLedger.Status.RESERVED), l.status(e.reservationId().orElseThrow()));
        }

        @Test
        void refusalNamesTheBudgetAndTakesNothing() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")), Budget.ofMoney("vip", gbp("4.00")));
            BudgetEffect e = l.reserve("c1", "vip", "r1", gbp("5.00"), T0, T0.plusSeconds(60));
            assertFalse(e.isReserved());
            assertEquals(Optional.of("vip"), e.refusedBy());
            assertEquals("refused: budget vip has 4.00 GBP left, 5.00 GBP needed", e.text());
            assertEquals(gbp("0.00"), l.state("total").orElseThrow().used());
        }

        @Test
        void commitMovesToCommittedAtTheActualAmountOnce() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")).withCount(10));
            String id = l.reserve("c1", "s", "r1", gbp("5.00"), T0, T0.plusSeconds(60)).reservationId().orElseThrow();
            assertTrue(l.commit(id, gbp("3.00")));
            assertFalse(l.commit(id, gbp("3.00")));
            BudgetState s = l.state("total").orElseThrow();
            assertEquals(gbp("0.00"), s.reserved());
            assertEquals(gbp("3.00"), s.committed());
            assertEquals(1, s.committedCount());
            assertThrows(IllegalStateException.class, () -> l.release(id));
        }

        @Test
        void releaseGivesBackOnceAndForbidsALaterCommit() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")));
            String id = l.reserve("c1", "s", "r1", gbp("5.00"), T0, T0.plusSeconds(60)).reservationId().orElseThrow();
            assertTrue(l.release(id));
            assertFalse(l.release(id));
            assertEquals(gbp("0.00"), l.state("total").orElseThrow().used());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.commit(id, gbp("1.00")));
            assertTrue(e.getMessage().contains("released"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> l.release("rsv-unknown"));
        }

        @Test
        void commitAboveTheReservationIsRefused() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")));
            String id = l.reserve("c1", "s", "r1", gbp("5.00"), T0, T0.plusSeconds(60)).reservationId().orElseThrow();
            assertThrows(IllegalArgumentException.class, () -> l.commit(id, gbp("5.01")));
        }

        @Test
        void perCustomerLimitCountsLiveOffers() {
            BudgetLedger l = ledger(campaign(), List.of(Budget.ofMoney("total", gbp("50.00"))), 2, ZoneId.of("UTC"));
            String a = l.reserve("c1", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60)).reservationId().orElseThrow();
            assertTrue(l.reserve("c1", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60)).isReserved());
            BudgetEffect third = l.reserve("c1", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60));
            assertEquals(Optional.of("per-customer limit"), third.refusedBy());
            assertTrue(l.reserve("c2", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60)).isReserved());
            l.release(a);
            assertTrue(l.reserve("c1", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60)).isReserved());
        }

        @Test
        void expiryReleasesDueReservationsOnly() {
            BudgetLedger l = simple(Budget.ofMoney("total", gbp("50.00")));
            String soon = l.reserve("c1", "s", "r1", gbp("1.00"), T0, T0.plusSeconds(60)).reservationId().orElseThrow();
            String later = l.reserve("c2", "s", "r1", gbp("2.00"), T0, T0.plusSeconds(600)).reservationId().orElseThrow();
            assertEquals(1, l.expire(T0.plusSeconds(60)));
            assertEquals(Optional.of(BudgetLedger.Status.RELEASED), l.status(soon));
            assertEquals(Optional.of(BudgetLedger.Status.RESERVED), l.status(later));
            assertEquals(gbp("2.00"), l.state("total").orElseThrow().used());
        }
    }

    @Nested
    class Periods {
        // 23:30 in Tokyo on 1 March 2024 is 14:30 UTC.
        final Instant lateOnFirst = Instant.parse("2024-03-01T14:30:00Z");

        @Test
        void dailyBudgetStartsAfreshAtMidnightInTheShopsZone() {
            BudgetLedger l = ledger(campaign(), List.of(Budget.ofMoney("day", gbp("10.00")).resetEvery(BudgetPeriod.DAILY)), 9, TOKYO);
            String first = l.reserve("c1", "s", "r", gbp("10.00"), lateOnFirst, lateOnFirst.plusSeconds(86_400 * 3))
                    .reservationId().orElseThrow();
            // 23:59 Tokyo: still the 1st, nothing left. (In UTC it is the same day either way, so the zone matters below.)
            assertFalse(l.reserve("c2", "s", "r", gbp("1.00"), lateOnFirst.plusSeconds(29 * 60), T0.plusSeconds(99_999)).isReserved());
            // 00:10 on the 2nd in Tokyo, still the 1st in UTC: a fresh period.
            Instant nextDay = Instant.parse("2024-03-01T15:10:00Z");
            BudgetEffect e = l.reserve("c2", "s", "r", gbp("4.00"), nextDay, nextDay.plusSeconds(86_400));
            assertTrue(e.isReserved(), e.text());
            assertTrue(e.text().contains("in the period from 2024-03-02"), e.text());
            BudgetState today = l.state("day", nextDay).orElseThrow();
            assertEquals(Optional.of(LocalDate.of(2024, 3, 2)), today.period());
            assertEquals(gbp("4.00"), today.used());
            // Committing yesterday's reservation counts in yesterday's period, not today's.
            assertTrue(l.commit(first, gbp("10.00")));
            assertEquals(gbp("10.00"), l.state("day", lateOnFirst).orElseThrow().committed());
            assertTrue(l.state("day", nextDay).orElseThrow().committed().isZero());
            assertEquals(Optional.of(LocalDate.of(2024, 3, 2)), l.state("day").orElseThrow().period());
        }

        @Test
        void weeklyBudgetStartsOnMondayAndMonthlyOnTheFirst() {
            Budget week = new Budget("week", Optional.empty(), Set.of(), Optional.empty(), OptionalLong.of(1)).resetEvery(BudgetPeriod.WEEKLY);
            Budget month = new Budget("month", Optional.empty(), Set.of(), Optional.empty(), OptionalLong.of(2)).resetEvery(BudgetPeriod.MONTHLY);
            BudgetLedger l = ledger(campaign(), List.of(week, month), 9, ZoneId.of("Europe/London"));
            Instant sunday = Instant.parse("2024-03-10T12:00:00Z");
            Instant monday = Instant.parse("2024-03-11T00:30:00Z");
            Instant april = Instant.parse("2024-04-01T00:30:00Z");
            assertTrue(l.reserve("c1", "s", "r", gbp("0"), sunday, april).isReserved());
            assertEquals(Optional.of("week"), l.reserve("c2", "s", "r", gbp("0"), sunday.plusSeconds(3600), april).refusedBy());
            assertTrue(l.reserve("c3", "s", "r", gbp("0"), monday, april).isReserved());
            assertEquals(Optional.of("month"), l.reserve("c4", "s", "r", gbp("0"), Instant.parse("2024-03-18T10:00:00Z"), april).refusedBy());
            assertTrue(l.reserve("c5", "s", "r", gbp("0"), april, april.plusSeconds(60)).isReserved());
            assertEquals(Optional.of(LocalDate.of(2024, 3, 4)), l.state("week", sunday).orElseThrow().period());
            assertEquals(Optional.of(LocalDate.of(2024, 4, 1)), l.state("month", april).orElseThrow().period());
        }
    }

    @Nested
    class Campaigns {
        @Test
        void budgetsOfTwoCampaignsWithOneIdAreApart() {
            List<Budget> budgets = List.of(Budget.ofMoney("total", gbp("5.00")));
            BudgetLedger spring = ledger(campaign(), budgets, 9, ZoneId.of("UTC"));
            BudgetLedger autumn = ledger(campaign(), budgets, 9, ZoneId.of("UTC"));
            assertTrue(spring.reserve("c1", "s", "r", gbp("5.00"), T0, T0.plusSeconds(60)).isReserved());
            assertTrue(autumn.reserve("c1", "s", "r", gbp("5.00"), T0, T0.plusSeconds(60)).isReserved());
            assertEquals(gbp("5.00"), autumn.state("total").orElseThrow().used());
        }

        @Test
        void instancesOfOneCampaignShareItsBudgetsWhenTheStoreIsShared() {
            String name = campaign();
            List<Budget> budgets = List.of(Budget.ofMoney("total", gbp("5.00")));
            BudgetLedger one = ledger(name, budgets, 9, ZoneId.of("UTC"));
            BudgetLedger two = ledger(name, budgets, 9, ZoneId.of("UTC"));
            assertTrue(one.reserve("c1", "s", "r", gbp("5.00"), T0, T0.plusSeconds(60)).isReserved());
            assertEquals(shared(), !two.reserve("c2", "s", "r", gbp("1.00"), T0, T0.plusSeconds(60)).isReserved());
        }

        @Test
        void aBudgetAcrossCampaignsIsSharedByThemWhenTheStoreIsShared() {
            String id = "shop-" + SEQ.incrementAndGet();
            Budget shop = Budget.ofMoney(id, gbp("5.00")).sharedAcrossCampaigns();
            BudgetLedger spring = ledger(campaign(), List.of(shop), 9, ZoneId.of("UTC"));
            BudgetLedger autumn = ledger(campaign(), List.of(shop), 9, ZoneId.of("UTC"));
            assertTrue(spring.reserve("c1", "s", "r", gbp("4.00"), T0, T0.plusSeconds(60)).isReserved());
            assertEquals(shared(), !autumn.reserve("c1", "s", "r", gbp("2.00"), T0, T0.plusSeconds(60)).isReserved());
        }
    }

    @Nested
    class Concurrency {
        @Test
        void concurrentReservationsFromTwoInstancesNeverOverrunABudget() throws Exception {
            String name = campaign();
            List<Budget> budgets = List.of(Budget.ofMoney("total", gbp("10.00")).withCount(100),
                    new Budget("day", Optional.empty(), Set.of(), Optional.empty(), OptionalLong.of(7)).resetEvery(BudgetPeriod.DAILY));
            BudgetLedger one = ledger(name, budgets, 1, ZoneId.of("UTC"));
            BudgetLedger two = shared() ? ledger(name, budgets, 1, ZoneId.of("UTC")) : one;
            int threads = 16;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> all = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int k = t;
                    Callable<Integer> task = () -> {
                        start.await();
                        BudgetLedger l = k % 2 == 0 ? one : two;
                        int ok = 0;
                        for (int i = 0; i < 3; i++) {
                            BudgetEffect e = l.reserve("c" + k + "-" + i, "s", "r", gbp("1.50"), T0, T0.plusSeconds(60));
                            if (e.isReserved() && i == 1) {
                                l.release(e.reservationId().get());
                            } else if (e.isReserved()) {
                                ok++;
                            }
                        }
                        return ok;
                    };
                    all.add(pool.submit(task));
                }
                start.countDown();
                int kept = 0;
                for (Future<Integer> f : all) {
                    kept += f.get();
                }
                BudgetState total = one.state("total").orElseThrow();
                BudgetState day = one.state("day", T0).orElseThrow();
                assertTrue(kept <= 6, "at most 6 x 1.50 fit in 10.00 but " + kept + " were kept");
                assertEquals(gbp("1.50").times(kept), total.used());
                assertEquals(kept, day.reservedCount());
                assertTrue(!total.moneyLeft().orElseThrow().isNegative() && day.countLeft().getAsLong() >= 0);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
