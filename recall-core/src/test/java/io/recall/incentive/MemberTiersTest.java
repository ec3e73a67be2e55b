package io.recall.incentive;

import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Member tiers: qualification over a rolling window, upgrades at once, downgrades one step after the term. */
class MemberTiersTest {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    static final List<MemberTier> BY_SPEND = List.of(
            new MemberTier("member", gbp("0"), 0, Set.of()),
            new MemberTier("silver", gbp("200"), 0, Set.of(Offer.Benefit.PRIORITY_ACCESS)),
            new MemberTier("gold", gbp("1000"), 0, Set.of(Offer.Benefit.PRIORITY_ACCESS, Offer.Benefit.DEDICATED_SERVICE_LINE)));

    static Money gbp(String a) {
        return Money.of(a, "GBP");
    }

    MemberTiers spend() {
        return MemberTiers.of(BY_SPEND, MemberTiers.Measure.SPEND, Period.ofYears(1), Period.ofYears(1), LONDON, TierLedger.inMemory());
    }

    @Nested
    class Moves {
        @Test
        void newMemberJoinsAtTheTierTheyQualifyFor() {
            MemberTiers t = spend();
            TierChange c = t.review("c1", gbp("250"), 0, T0).orElseThrow();
            assertEquals(TierChange.Reason.JOINED, c.reason());
            assertEquals("silver", c.to());
            assertEquals(Instant.parse("2025-03-01T09:00:00Z"), c.keptUntil());
            assertEquals(Set.of(Offer.Benefit.PRIORITY_ACCESS), t.benefitsOf("c1"));
        }

        @Test
        void upgradeIsImmediateAndAReviewWithNothingNewChangesNothing() {
            MemberTiers t = spend();
            t.review("c1", gbp("250"), 0, T0);
            assertEquals(Optional.empty(), t.review("c1", gbp("300"), 0, T0.plusSeconds(60)));
            TierChange up = t.review("c1", gbp("1000.00"), 0, T0.plus(Duration.ofDays(10))).orElseThrow();
            assertEquals(TierChange.Reason.UPGRADED, up.reason());
            assertEquals(Optional.of("silver"), up.from());
            assertEquals("gold", t.tierOf("c1").orElseThrow().name());
        }

        @Test
        void tierIsKeptForItsTermThenDowngradedOneStepAtATime() {
            MemberTiers t = spend();
            t.review("c1", gbp("1500"), 0, T0);
            assertEquals(Optional.empty(), t.review("c1", gbp("0"), 0, Instant.parse("2025-03-01T08:59:59Z")));
            TierChange down = t.review("c1", gbp("0"), 0, Instant.parse("2025-03-01T09:00:00Z")).orElseThrow();
            assertEquals(TierChange.Reason.DOWNGRADED, down.reason());
            assertEquals("silver", down.to());
            assertEquals("member", t.review("c1", gbp("0"), 0, Instant.parse("2026-03-02T00:00:00Z")).orElseThrow().to());
            assertEquals(3, t.ledger().history("c1").size());
        }

        @Test
        void qualifyingAgainAfterTheTermRenewsIt() {
            MemberTiers t = spend();
            t.review("c1", gbp("300"), 0, T0);
            TierChange renew = t.review("c1", gbp("200"), 0, Instant.parse("2025-03-02T00:00:00Z")).orElseThrow();
            assertEquals(TierChange.Reason.RENEWED, renew.reason());
            assertEquals("silver", renew.to());
        }
    }

    @Test
    void pointsProgrammeQualifiesOnPointsEarnedInTheRollingWindow() {
        List<MemberTier> byPoints = List.of(new MemberTier("member", gbp("0"), 0, Set.of()),
                new MemberTier("silver", gbp("0"), 500, Set.of(Offer.Benefit.LONGER_RETURN_WINDOW)));
        MemberTiers t = MemberTiers.of(byPoints, MemberTiers.Measure.POINTS, Period.ofDays(90), Period.ofDays(30), LONDON,
                TierLedger.inMemory());
        PointsLedger points = PointsLedger.inMemory();
        PointsPolicy policy = PointsPolicy.expiringAtEndOf(Duration.ofDays(14), PointsPolicy.PeriodEnd.YEAR, LONDON);
        policy.earn(points, "c1", "o1", gbp("300.99"), BigDecimal.ONE, T0.minus(Duration.ofDays(100)));
        policy.earn(points, "c1", "o2", gbp("250"), new BigDecimal("2"), T0.minus(Duration.ofDays(10)));
        // 300 points fall outside the 90 days; 500 are inside.
        assertEquals(500, t.rollingPoints(points.entries("c1"), T0));
        assertEquals("silver", t.review("c1", gbp("0"), t.rollingPoints(points.entries("c1"), T0), T0).orElseThrow().to());
    }

    @Test
    void programmeWithoutRisingThresholdsIsRefused() {
        List<MemberTier> flat = List.of(BY_SPEND.get(0), new MemberTier("silver", gbp("0"), 0, Set.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberTiers.of(flat,
                MemberTiers.Measure.SPEND, Period.ofYears(1), Period.ofYears(1), LONDON, TierLedger.inMemory()));
        assertTrue(e.getMessage().contains("silver must need more than tier member"), e.getMessage());
    }

    @Nested
    class Policy {
        @Test
        void pointsExpireAtTheEndOfTheYearInTheProgrammesZone() {
            PointsPolicy p = PointsPolicy.expiringAtEndOf(Duration.ofDays(14), PointsPolicy.PeriodEnd.YEAR, ZoneId.of("Asia/Tokyo"));
            Instant earned = Instant.parse("2024-12-31T16:00:00Z"); // already 1 January 2025 in Tokyo
            assertEquals(Instant.parse("2025-12-31T15:00:00Z"), p.expiresAt(earned));
            assertEquals(earned.plus(Duration.ofDays(14)), p.availableAt(earned));
        }

        @Test
        void pointsExpireByAgeOnTheCalendar() {
            PointsPolicy p = PointsPolicy.expiringAfter(Duration.ZERO, Period.ofMonths(1), LONDON);
            assertEquals(Instant.parse("2024-02-29T09:00:00Z"), p.expiresAt(Instant.parse("2024-01-31T09:00:00Z")));
        }

        @Test
        void onePointPerWholeUnitTimesTheMultiplierRoundedDown() {
            assertEquals(301, PointsPolicy.pointsFor(gbp("100.50"), new BigDecimal("3")));
            assertEquals(0, PointsPolicy.pointsFor(gbp("-5"), BigDecimal.ONE));
        }
    }
}
