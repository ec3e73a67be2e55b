package io.recall.incentive;

import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * When earned points become spendable and when they expire: pending for the return window, then spendable
 * until they reach a maximum age, or until the end of the calendar year or month they were earned in (in the
 * programme's zone), whichever the programme uses. One point per whole currency unit spent, times a
 * multiplier ({@link Offer.PointsMultiplier}).
 *
 * @param returnWindow how long earned points stay pending; zero or more
 * @param maxAge       points expire this long after they were earned, when set
 * @param periodEnd    points expire at the end of the {@code YEAR} or {@code MONTH} they were earned in, when set
 * @param zone         the programme's calendar
 */
public record PointsPolicy(Duration returnWindow, Optional<Period> maxAge, Optional<PeriodEnd> periodEnd, ZoneId zone) {

    /** The calendar period at whose end points expire. */
    public enum PeriodEnd {
        /** The end of the month earned in. */
        MONTH,
        /** The end of the year earned in. */
        YEAR
    }

    /** Validates: exactly one way to expire. */
    public PointsPolicy {
        Objects.requireNonNull(returnWindow, "returnWindow");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(periodEnd, "periodEnd");
        Objects.requireNonNull(zone, "zone");
        if (returnWindow.isNegative()) {
            throw new IllegalArgumentException("returnWindow must be >= 0 but was " + returnWindow);
        }
        if (maxAge.isPresent() == periodEnd.isPresent()) {
            throw new IllegalArgumentException("points expire by age or at a period's end, exactly one of them");
        }
        maxAge.ifPresent(a -> {
            if (a.isNegative() || a.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive but was " + a);
            }
        });
    }

    /** Points pending for {@code returnWindow}, expiring {@code maxAge} after they were earned. */
    public static PointsPolicy expiringAfter(Duration returnWindow, Period maxAge, ZoneId zone) {
        return new PointsPolicy(returnWindow, Optional.of(maxAge), Optional.empty(), zone);
    }

    /** Points pending for {@code returnWindow}, expiring at the end of the period they were earned in. */
    public static PointsPolicy expiringAtEndOf(Duration returnWindow, PeriodEnd end, ZoneId zone) {
        return new PointsPolicy(returnWindow, Optional.empty(), Optional.of(end), zone);
    }

    /** When points earned at {@code at} become spendable. */
    public Instant availableAt(Instant at) {
        return at.plus(returnWindow);
    }

    /** When points earned at {@code at} expire (never before they become spendable plus a second). */
    public Instant expiresAt(Instant at) {
        Instant end;
        if (maxAge.isPresent()) {
            end = at.atZone(zone).plus(maxAge.get()).toInstant();
        } else {
            LocalDate day = LocalDate.ofInstant(at, zone);
            LocalDate next = periodEnd.get() == PeriodEnd.YEAR ? day.withDayOfYear(1).plusYears(1) : day.withDayOfMonth(1).plusMonths(1);
            end = next.atStartOfDay(zone).toInstant();
        }
        Instant least = availableAt(at).plusSeconds(1);
        return end.isAfter(least) ? end : least;
    }

    /** Points for a spend: one per whole currency unit, times the multiplier, rounded down; never negative. */
    public static long pointsFor(Money spend, BigDecimal multiplier) {
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(multiplier, "multiplier");
        if (spend.isNegative() || multiplier.signum() < 0) {
            return 0;
        }
        return spend.amount().multiply(multiplier).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /** Earns the points of an order in a ledger, pending and expiring as this policy says; the order id is the operation id. */
    public PointsResult earn(PointsLedger ledger, String customerId, String orderId, Money spend, BigDecimal multiplier,
                             Instant at) {
        long points = pointsFor(spend, multiplier);
        if (points == 0) {
            throw new IllegalArgumentException("order " + orderId + " of " + spend + " earns no points");
        }
        return ledger.earn(customerId, orderId, points, at, availableAt(at), expiresAt(at));
    }
}
