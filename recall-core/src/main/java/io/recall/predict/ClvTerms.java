package io.recall.predict;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How to value a customer: over which horizon, discounted per which period at which rate, with which
 * margin, rounded how.
 *
 * @param horizon        how far ahead to count purchases, e.g. {@code Horizon.weeks(52)}
 * @param discountPeriod the period the discount rate applies to, e.g. {@code Horizon.weeks(4)}; the
 *                       purchases expected within the k-th period are discounted by (1 + rate)^k (a
 *                       last, shorter period by its fraction of k)
 * @param discountRate   the discount rate per period, at least 0 (e.g. 0.01 for 1 %)
 * @param margin         the share of spend that is profit, in [0, 1] (1 values revenue)
 * @param rounding       how the result is rounded to the currency's minor unit
 */
public record ClvTerms(Horizon horizon, Horizon discountPeriod, BigDecimal discountRate, BigDecimal margin,
                       RoundingMode rounding) {

    /** Validates the terms. */
    public ClvTerms {
        Objects.requireNonNull(horizon, "horizon");
        Objects.requireNonNull(discountPeriod, "discountPeriod");
        Objects.requireNonNull(discountRate, "discountRate");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(rounding, "rounding");
        if (!horizon.unit().convertsTo(discountPeriod.unit())) {
            throw new IllegalArgumentException("horizon " + horizon + " and discount period " + discountPeriod
                    + " are in units that do not convert");
        }
        if (!(discountPeriod.length() > 0)) {
            throw new IllegalArgumentException("the discount period must be longer than 0 but was " + discountPeriod);
        }
        if (horizon.lengthIn(discountPeriod.unit()) / discountPeriod.length() > 100_000) {
            throw new IllegalArgumentException("horizon " + horizon + " spans more than 100,000 discount periods of "
                    + discountPeriod);
        }
        if (discountRate.signum() < 0) {
            throw new IllegalArgumentException("the discount rate must be >= 0 but was " + discountRate);
        }
        if (margin.signum() < 0 || margin.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("the margin must be in [0, 1] but was " + margin);
        }
    }
}
