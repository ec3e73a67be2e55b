package io.recall.incentive;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link CouponLedger} must do; run against the in-memory, H2 and PostgreSQL ledgers. */
abstract class CouponLedgerContract {

    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A ledger; may be shared between tests (codes are unique per test). */
    abstract CouponLedger ledger();

    CouponLedger ledger;

    @BeforeEach
    void setUp() {
        ledger = ledger();
    }

    static String code() {
        return "T" + SEQ.incrementAndGet() + "-" + System.nanoTime();
    }

    Coupon single(String customer) {
        Coupon c = new Coupon(code(), "winback", Optional.of(customer), 1, 1, T0, T0.plus(Duration.ofDays(30)));
        assertTrue(ledger.issue(c));
        return c;
    }

    Coupon bulk(int max, int perCustomer) {
        Coupon c = new Coupon(code(), "winback", Optional.empty(), max, perCustomer, T0, T0.plus(Duration.ofDays(30)));
        assertTrue(ledger.issue(c));
        return c;
    }

    @Nested
    class Issuing {
        @Test
        void issuedCouponIsFoundActiveWithNothingUsed() {
            Coupon c = single("c1");
            CouponState s = ledger.find(c.code()).orElseThrow();
            assertEquals(new CouponState(c, CouponState.Status.ACTIVE, 0, 0), s);
            assertEquals(1, s.left());
        }

        @Test
        void issuingAnExistingCodeChangesNothing() {
            Coupon c = single("c1");
            Coupon again = new Coupon(c.code(), "other", Optional.empty(), 5, 1, T0, T0.plusSeconds(60));
            assertFalse(ledger.issue(again));
            assertEquals(c, ledger.find(c.code()).orElseThrow().coupon());
        }

        @Test
        void unknownCodeIsRejectedAndNotFound() {
            assertTrue(ledger.find("NOPE-" + code()).isEmpty());
            Redemption r = ledger.redeem("NOPE", "c1", "o1", T0);
            assertEquals(Redemption.Outcome.UNKNOWN_CODE, r.outcome());
            assertFalse(r.isSuccess());
        }
    }

    @Nested
    class Redeeming {
        @Test
        void singleUseCodeIsRedeemedOnce() {
            Coupon c = bulk(1, 1);
            assertEquals(Redemption.Outcome.REDEEMED, ledger.redeem(c.code(), "c1", "o1", T0).outcome());
            Redemption second = ledger.redeem(c.code(), "c2", "o2", T0.plusSeconds(1));
            assertEquals(Redemption.Outcome.USED_UP, second.outcome());
            assertTrue(second.message().contains("single-use"), second.message());
            assertEquals(1, ledger.find(c.code()).orElseThrow().redeemed());
        }

        @Test
        void redeemTwiceWithSameOrderReturnsSameResult() {
            Coupon c = single("c1");
            Redemption first = ledger.redeem(c.code(), "c1", "o1", T0);
            Redemption again = ledger.redeem(c.code(), "c1", "o1", T0.plusSeconds(30));
            assertEquals(first, again);
            assertEquals(1, ledger.find(c.code()).orElseThrow().redeemed());
            assertEquals(1, ledger.uses(c.code()).size());
        }

        @Test
        void repeatOfARedemptionAnswersAlikeEvenAfterExpiry() {
            Coupon c = single("c1");
            Redemption first = ledger.redeem(c.code(), "c1", "o1", T0);
            assertEquals(first, ledger.redeem(c.code(), "c1", "o1", c.expiresAt().plusSeconds(1)));
        }

        @Test
        void sameCodeForAnotherOrderIsRejectedClearly() {
            Coupon c = single("c1");
            ledger.redeem(c.code(), "c1", "o1", T0);
            Redemption r = ledger.redeem(c.code(), "c1", "o2", T0);
            assertEquals(Redemption.Outcome.USED_UP, r.outcome());
            assertTrue(r.message().contains("another order has redeemed it"), r.message());
        }

        @Test
        void sameOrderIdOfAnotherCustomerIsRejected() {
            Coupon c = bulk(5, 1);
            ledger.redeem(c.code(), "c1", "o1", T0);
            assertEquals(Redemption.Outcome.ORDER_OF_ANOTHER_CUSTOMER, ledger.redeem(c.code(), "c2", "o1", T0).outcome());
        }

        @Test
        void couponIssuedToOneCustomerIsRefusedToAnother() {
            Coupon c = single("c1");
            assertEquals(Redemption.Outcome.OTHER_CUSTOMER, ledger.redeem(c.code(), "c2", "o1", T0).outcome());
            assertEquals(0, ledger.find(c.code()).orElseThrow().redeemed());
        }

        @Test
        void multiUseCodeStopsAtItsCapAndEachCustomerAtTheirLimit() {
            Coupon c = bulk(3, 2);
            assertTrue(ledger.redeem(c.code(), "c1", "o1", T0).isSuccess());
            assertTrue(ledger.redeem(c.code(), "c1", "o2", T0).isSuccess());
            Redemption third = ledger.redeem(c.code(), "c1", "o3", T0);
            assertEquals(Redemption.Outcome.CUSTOMER_LIMIT, third.outcome());
            assertTrue(third.message().contains("2 of at most 2"), third.message());
            assertTrue(ledger.redeem(c.code(), "c2", "o4", T0).isSuccess());
            assertEquals(Redemption.Outcome.USED_UP, ledger.redeem(c.code(), "c3", "o5", T0).outcome());
            assertEquals(3, ledger.find(c.code()).orElseThrow().redeemed());
        }
    }

    @Nested
    class ReservingAndReleasing {
        @Test
        void reservationHoldsTheOnlyRedemptionUntilReleased() {
            Coupon c = bulk(1, 1);
            Redemption held = ledger.reserve(c.code(), "c1", "o1", T0.plusSeconds(600), T0);
            assertEquals(Redemption.Outcome.RESERVED, held.outcome());
            assertEquals(held, ledger.reserve(c.code(), "c1", "o1", T0.plusSeconds(900), T0.plusSeconds(5)));
            assertEquals(Redemption.Outcome.USED_UP, ledger.redeem(c.code(), "c2", "o2", T0).outcome());
            assertTrue(ledger.release(c.code(), "o1", T0.plusSeconds(10)));
            assertFalse(ledger.release(c.code(), "o1", T0.plusSeconds(11)));
            assertEquals(Redemption.Outcome.REDEEMED, ledger.redeem(c.code(), "c2", "o2", T0.plusSeconds(12)).outcome());
        }

        @Test
        void redeemingTurnsTheOrdersReservationIntoARedemption() {
            Coupon c = single("c1");
            ledger.reserve(c.code(), "c1", "o1", T0.plusSeconds(600), T0);
            Redemption r = ledger.redeem(c.code(), "c1", "o1", T0.plusSeconds(60));
            assertEquals(Redemption.Outcome.REDEEMED, r.outcome());
            assertEquals(T0.plusSeconds(60), r.at());
            assertEquals(new CouponState(c, CouponState.Status.ACTIVE, 0, 1), ledger.find(c.code()).orElseThrow());
        }

        @Test
        void aRedemptionCannotBeReleased() {
            Coupon c = single("c1");
            ledger.redeem(c.code(), "c1", "o1", T0);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.release(c.code(), "o1", T0));
            assertTrue(e.getMessage().contains("cannot be released"), e.getMessage());
        }

        @Test
        void releasedOrderMayReserveAgain() {
            Coupon c = single("c1");
            ledger.reserve(c.code(), "c1", "o1", T0.plusSeconds(60), T0);
            ledger.release(c.code(), "o1", T0.plusSeconds(1));
            assertEquals(Redemption.Outcome.REDEEMED, ledger.redeem(c.code(), "c1", "o1", T0.plusSeconds(2)).outcome());
            assertEquals(List.of(CouponUse.State.REDEEMED), ledger.uses(c.code()).stream().map(CouponUse::state).toList());
        }
    }

    @Nested
    class Expiry {
        @Test
        void codeIsRefusedFromItsExpiryOn() {
            Coupon c = single("c1");
            assertEquals(Redemption.Outcome.EXPIRED, ledger.redeem(c.code(), "c1", "o1", c.expiresAt()).outcome());
            assertTrue(ledger.redeem(c.code(), "c1", "o1", c.expiresAt().minusNanos(1)).isSuccess());
        }

        @Test
        void expireMarksDueCouponsAndReleasesDueHolds() {
            Coupon c = bulk(2, 1);
            Coupon later = new Coupon(code(), "winback", Optional.empty(), 1, 1, T0, T0.plus(Duration.ofDays(90)));
            ledger.issue(later);
            ledger.reserve(later.code(), "c1", "o1", T0.plusSeconds(60), T0);
            // At least this hold (a ledger shared between tests may hold others due by then too).
            assertTrue(ledger.expire(T0.plusSeconds(60)) >= 1);
            assertEquals(0, ledger.find(later.code()).orElseThrow().reserved());
            assertEquals(CouponUse.State.RELEASED, ledger.uses(later.code()).get(0).state());
            ledger.expire(c.expiresAt());
            assertEquals(CouponState.Status.EXPIRED, ledger.find(c.code()).orElseThrow().status());
            assertEquals(CouponState.Status.ACTIVE, ledger.find(later.code()).orElseThrow().status());
        }

        @Test
        void revokedCodeIsRefused() {
            Coupon c = single("c1");
            assertTrue(ledger.revoke(c.code(), T0));
            assertFalse(ledger.revoke(c.code(), T0));
            assertEquals(Redemption.Outcome.REVOKED, ledger.redeem(c.code(), "c1", "o1", T0).outcome());
        }
    }

    @Nested
    class Concurrency {
        @Test
        void sixteenThreadsRedeemingOneCodeYieldExactlyOneSuccess() throws Exception {
            Coupon c = bulk(1, 1);
            assertEquals(1, race(16, i -> ledger.redeem(c.code(), "c" + i, "o" + i, T0)));
            assertEquals(1, ledger.find(c.code()).orElseThrow().redeemed());
        }

        @Test
        void sixteenThreadsOnACapOfFiveYieldExactlyFive() throws Exception {
            Coupon c = bulk(5, 1);
            assertEquals(5, race(16, i -> i % 2 == 0 ? ledger.redeem(c.code(), "c" + i, "o" + i, T0)
                    : ledger.reserve(c.code(), "c" + i, "o" + i, T0.plusSeconds(60), T0)));
            CouponState s = ledger.find(c.code()).orElseThrow();
            assertEquals(5, s.reserved() + s.redeemed());
        }

        @Test
        void sixteenThreadsRepeatingOneOrderRedeemItOnce() throws Exception {
            Coupon c = bulk(3, 3);
            assertEquals(16, race(16, i -> ledger.redeem(c.code(), "c1", "o1", T0)));
            assertEquals(1, ledger.find(c.code()).orElseThrow().redeemed());
        }
    }

    interface Attempt {
        Redemption run(int i);
    }

    static int race(int threads, Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Redemption>> all = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int k = i;
                Callable<Redemption> task = () -> {
                    start.await();
                    return attempt.run(k);
                };
                all.add(pool.submit(task));
            }
            start.countDown();
            int ok = 0;
            for (Future<Redemption> f : all) {
                ok += f.get().isSuccess() ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }
}
