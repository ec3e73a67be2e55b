package io.recall.incentive;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link PointsLedger} and {@link TierLedger} must do; run in memory, on H2 and on PostgreSQL. */
abstract class PointsLedgerContract {

    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    static final Duration DAY = Duration.ofDays(1);
    private static final AtomicInteger SEQ = new AtomicInteger();

    abstract PointsLedger points();

    abstract TierLedger tiers();

    static String member() {
        return "m" + SEQ.incrementAndGet() + "-" + System.nanoTime();
    }

    @Test
    void earnedPointsArePendingUntilTheReturnWindowCloses() {
        PointsLedger p = points();
        String m = member();
        assertTrue(p.earn(m, "o1", 100, T0, T0.plus(DAY.multipliedBy(14)), T0.plus(DAY.multipliedBy(365))).isApplied());
        assertEquals(new PointsBalance(0, 100, 0), p.balance(m, T0));
        assertEquals(PointsResult.Outcome.INSUFFICIENT, p.redeem(m, "r1", 1, T0.plus(DAY)).outcome());
        assertEquals(new PointsBalance(100, 0, 0), p.balance(m, T0.plus(DAY.multipliedBy(14))));
    }

    @Test
    void redemptionTakesTheOldestPointsFirstAndNeverOverdraws() {
        PointsLedger p = points();
        String m = member();
        p.earn(m, "o1", 100, T0, T0, T0.plus(DAY.multipliedBy(30)));
        p.earn(m, "o2", 50, T0.plus(DAY), T0.plus(DAY), T0.plus(DAY.multipliedBy(60)));
        Instant now = T0.plus(DAY.multipliedBy(2));
        PointsResult r = p.redeem(m, "r1", 120, now);
        assertTrue(r.isApplied());
        assertEquals(-120, r.entry().orElseThrow().points());
        PointsResult tooMuch = p.redeem(m, "r2", 31, now);
        assertEquals(PointsResult.Outcome.INSUFFICIENT, tooMuch.outcome());
        assertTrue(tooMuch.message().contains("30 spendable points, 31 asked for"), tooMuch.message());
        // The 100 of o1 were spent first: nothing of it lapses, 30 of o2 do.
        assertEquals(0, p.expire(m, T0.plus(DAY.multipliedBy(30))));
        assertEquals(1, p.expire(m, T0.plus(DAY.multipliedBy(61))));
        PointsEntry expired = p.entries(m).get(3);
        assertEquals(PointsEntry.Kind.EXPIRED, expired.kind());
        assertEquals(-30, expired.points());
        assertEquals(Optional.of("o2"), expired.lot());
        assertEquals(new PointsBalance(0, 0, 0), p.balance(m, T0.plus(DAY.multipliedBy(61))));
    }

    @Test
    void repeatingAnOperationWritesNothingAndAnswersAlike() {
        PointsLedger p = points();
        String m = member();
        PointsResult first = p.earn(m, "o1", 100, T0, T0, T0.plus(DAY));
        assertEquals(first, p.earn(m, "o1", 100, T0, T0, T0.plus(DAY)));
        PointsResult spent = p.redeem(m, "r1", 40, T0.plusSeconds(5));
        assertEquals(spent, p.redeem(m, "r1", 40, T0.plusSeconds(50)));
        assertEquals(2, p.entries(m).size());
        assertEquals(60, p.balance(m, T0.plusSeconds(60)).available());
    }

    @Test
    void reusingAnOperationIdForSomethingElseIsAConflict() {
        PointsLedger p = points();
        String m = member();
        p.earn(m, "o1", 100, T0, T0, T0.plus(DAY));
        PointsResult r = p.earn(m, "o1", 200, T0, T0, T0.plus(DAY));
        assertEquals(PointsResult.Outcome.CONFLICT, r.outcome());
        assertTrue(r.message().contains("earned 100 points"), r.message());
        assertEquals(PointsResult.Outcome.CONFLICT, p.redeem(m, "o1", 10, T0).outcome());
        assertEquals(1, p.entries(m).size());
    }

    @Test
    void pendingPointsOfAReturnedOrderAreReversedButSpendableOnesAreNot() {
        PointsLedger p = points();
        String m = member();
        p.earn(m, "o1", 100, T0, T0.plus(DAY.multipliedBy(14)), T0.plus(DAY.multipliedBy(365)));
        p.earn(m, "o2", 70, T0, T0, T0.plus(DAY.multipliedBy(365)));
        assertTrue(p.reverse(m, "return-o1", "o1", T0.plus(DAY)).isApplied());
        assertEquals(new PointsBalance(70, 0, 0), p.balance(m, T0.plus(DAY)));
        assertEquals(PointsResult.Outcome.NOT_REVERSIBLE, p.reverse(m, "return-o2", "o2", T0.plus(DAY)).outcome());
        assertEquals(PointsResult.Outcome.NOT_REVERSIBLE, p.reverse(m, "return-o9", "o9", T0.plus(DAY)).outcome());
    }

    @Test
    void concurrentRedemptionsNeverOverdraw() throws Exception {
        PointsLedger p = points();
        String m = member();
        p.earn(m, "o1", 100, T0, T0, T0.plus(DAY));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int k = i;
                Callable<Boolean> task = () -> {
                    start.await();
                    return p.redeem(m, "r" + k, 10, T0.plusSeconds(1)).isApplied();
                };
                all.add(pool.submit(task));
            }
            start.countDown();
            int applied = 0;
            for (Future<Boolean> f : all) {
                applied += f.get() ? 1 : 0;
            }
            assertEquals(10, applied);
            assertEquals(new PointsBalance(0, 0, 0), p.balance(m, T0.plusSeconds(2)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tierLedgerAppendsOnlyOverTheCurrentTier() {
        TierLedger t = tiers();
        String m = member();
        TierChange join = new TierChange(m, Optional.empty(), "silver", TierChange.Reason.JOINED, T0, T0.plus(DAY));
        assertTrue(t.append(join));
        assertFalse(t.append(join));
        TierChange up = new TierChange(m, Optional.of("silver"), "gold", TierChange.Reason.UPGRADED, T0.plusSeconds(1), T0.plus(DAY));
        TierChange stale = new TierChange(m, Optional.of("silver"), "bronze", TierChange.Reason.DOWNGRADED, T0.plusSeconds(2), T0.plus(DAY));
        assertTrue(t.append(up));
        assertFalse(t.append(stale));
        assertEquals(List.of(join, up), t.history(m));
        assertEquals(Optional.of(up), t.current(m));
    }
}
