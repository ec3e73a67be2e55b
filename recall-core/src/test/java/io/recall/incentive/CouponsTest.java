package io.recall.incentive;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coupons: generated codes kept in a ledger, typed codes checked before the ledger is asked. */
class CouponsTest {

    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");

    @Test
    void issuedCodeIsValidAndRedeemableAsTypedInLowerCase() {
        Coupons coupons = Coupons.of(CouponCodes.defaults(), CouponLedger.inMemory(), Clock.fixed(T0, ZoneOffset.UTC));
        Coupon c = coupons.issue(CouponTerms.singleUse("winback", "c1", Duration.ofDays(30)));
        assertEquals(T0.plus(Duration.ofDays(30)), c.expiresAt());
        assertTrue(CouponCodes.defaults().validate(c.code()).isValid());
        Redemption r = coupons.redeem(" " + c.code().toLowerCase() + " ", "c1", "o1");
        assertEquals(Redemption.Outcome.REDEEMED, r.outcome());
        assertEquals(c.code(), r.code());
    }

    @Test
    void typoIsAnsweredAsInvalidWithTheReason() {
        Coupons coupons = Coupons.of(CouponCodes.defaults(), CouponLedger.inMemory(), Clock.fixed(T0, ZoneOffset.UTC));
        Coupon c = coupons.issue(CouponTerms.singleUse("winback", "c1", Duration.ofDays(30)));
        char first = c.code().charAt(0);
        String typo = (first == 'A' ? 'B' : 'A') + c.code().substring(1);
        Redemption r = coupons.redeem(typo, "c1", "o1");
        assertEquals(Redemption.Outcome.INVALID_CODE, r.outcome());
        assertTrue(r.message().contains("check character"), r.message());
        assertEquals(0, coupons.find(c.code()).orElseThrow().redeemed());
    }

    @Test
    void validationAnswersAsARedemptionWouldWithoutWriting() {
        Coupons coupons = Coupons.of(CouponCodes.defaults(), CouponLedger.inMemory(), Clock.fixed(T0, ZoneOffset.UTC));
        Coupon c = coupons.issue(CouponTerms.singleUse("winback", "c1", Duration.ofDays(30)));
        Redemption ok = coupons.validate(c.code(), "c1", "o1");
        assertEquals(Redemption.Outcome.REDEEMED, ok.outcome());
        assertEquals("redeemable", ok.message());
        assertEquals(Redemption.Outcome.OTHER_CUSTOMER, coupons.validate(c.code(), "c2", "o2").outcome());
        assertEquals(0, coupons.find(c.code()).orElseThrow().redeemed());
        coupons.redeem(c.code(), "c1", "o1");
        assertEquals(Redemption.Outcome.USED_UP, coupons.validate(c.code(), "c1", "o9").outcome());
    }

    @Test
    void expiryFollowsTheClock() {
        MutableClock clock = new MutableClock(T0);
        Coupons coupons = Coupons.of(CouponCodes.defaults(), CouponLedger.inMemory(), clock);
        Coupon c = coupons.issue(CouponTerms.bulk("spring", 100, 1, Duration.ofDays(7)));
        clock.now = T0.plus(Duration.ofDays(7));
        assertEquals(Redemption.Outcome.EXPIRED, coupons.redeem(c.code(), "c1", "o1").outcome());
        assertEquals(1, coupons.expire());
        assertEquals(CouponState.Status.EXPIRED, coupons.find(c.code()).orElseThrow().status());
    }

    @Test
    void aGeneratorThatRepeatsItselfIsReportedNotLooped() {
        Coupons coupons = Coupons.of(CouponCodes.newBuilder().random(new Random(7) {
            @Override
            public int nextInt(int bound) {
                return 0;
            }
        }).build(), CouponLedger.inMemory(), Clock.fixed(T0, ZoneOffset.UTC));
        coupons.issue(CouponTerms.bulk("x", 1, 1, Duration.ofDays(1)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> coupons.issue(CouponTerms.bulk("x", 1, 1, Duration.ofDays(1))));
        assertTrue(e.getMessage().contains("random source"), e.getMessage());
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
