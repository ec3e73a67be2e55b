package io.recall.predict;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;

/**
 * What the BTYD models know about one customer at the end of a calibration period: how many times they
 * came back, when they last did, and how long they have been a customer. All times are measured from the
 * customer's first purchase, in {@code unit}.
 *
 * <p>{@code timeOfLastPurchase} is what the papers call recency, t_x: the time <em>from the first
 * purchase to the last</em>. It is not RFM recency (days <em>since</em> the last purchase); the two
 * are related by RFM recency = {@code ageAtEnd − timeOfLastPurchase}.
 *
 * @param customerId         the customer
 * @param repeatPurchases    x: purchases after the first (the papers count one per distinct day), at least 0
 * @param timeOfLastPurchase t_x: from the first purchase to the last, 0 when there is no repeat purchase
 * @param ageAtEnd           T: from the first purchase to the end of the calibration period, at least t_x
 * @param unit               the unit of t_x and T; for {@link PeriodUnit#OPPORTUNITIES} both are whole
 *                           numbers, t_x is the opportunity of the last transaction and x &lt;= t_x
 * @param meanRepeatSpend    z̄: the mean spend of the repeat purchases, when known and x &gt; 0
 */
public record BtydSummary(String customerId, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd,
                          PeriodUnit unit, Optional<Money> meanRepeatSpend) {

    /** Validates the ranges. */
    public BtydSummary {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(meanRepeatSpend, "meanRepeatSpend");
        check(customerId, repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        if (meanRepeatSpend.isPresent() && repeatPurchases == 0) {
            throw new IllegalArgumentException("customer " + customerId + " has a mean repeat spend but no repeat purchase");
        }
    }

    /** A summary without spend. */
    public static BtydSummary of(String customerId, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd,
                                 PeriodUnit unit) {
        return new BtydSummary(customerId, repeatPurchases, timeOfLastPurchase, ageAtEnd, unit, Optional.empty());
    }

    /**
     * Checks x, t_x and T the way every model's scoring does.
     *
     * @throws IllegalArgumentException naming the customer and the conflict
     */
    static void check(String who, int x, double tx, double age, PeriodUnit unit) {
        if (x < 0) {
            throw new IllegalArgumentException("repeat purchases of " + who + " must be >= 0 but was " + x);
        }
        if (!(tx >= 0) || !Double.isFinite(tx)) {
            throw new IllegalArgumentException("time of last purchase of " + who + " must be finite and >= 0 but was " + tx);
        }
        if (!(age >= tx) || !Double.isFinite(age)) {
            throw new IllegalArgumentException("age at end of " + who + " (" + age + ") must be finite and >= the time of "
                    + "last purchase (" + tx + ")");
        }
        if (x == 0 && tx != 0) {
            throw new IllegalArgumentException("customer " + who + " has no repeat purchase, so the time of last purchase "
                    + "must be 0 but was " + tx);
        }
        if (unit == PeriodUnit.OPPORTUNITIES) {
            if (tx != Math.rint(tx) || age != Math.rint(age)) {
                throw new IllegalArgumentException("opportunities of " + who + " must be whole but were t_x=" + tx
                        + ", n=" + age);
            }
            if (x > tx) {
                throw new IllegalArgumentException("customer " + who + " has " + x + " repeat transactions but the last "
                        + "was at opportunity " + (long) tx + ": at most one per opportunity");
            }
        }
    }

    /** RFM-style recency: the time since the last purchase, {@code ageAtEnd − timeOfLastPurchase}, in {@code unit}. */
    public double timeSinceLastPurchase() {
        return ageAtEnd - timeOfLastPurchase;
    }

    /**
     * The same summary in another unit.
     *
     * @throws IllegalArgumentException when the units do not convert
     */
    public BtydSummary in(PeriodUnit target) {
        if (target == unit) {
            return this;
        }
        return new BtydSummary(customerId, repeatPurchases, unit.convert(timeOfLastPurchase, target),
                unit.convert(ageAtEnd, target), target, meanRepeatSpend);
    }
}
