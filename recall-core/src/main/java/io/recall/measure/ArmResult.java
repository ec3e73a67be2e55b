package io.recall.measure;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;

/**
 * One arm of one cell: how many customers, how many converted, and what they spent in the window.
 *
 * @param customers  customers in the arm
 * @param converters customers with at least one purchase in their window
 * @param rate       the conversion rate with its Wilson score interval; empty when there are no customers
 * @param revenue    their revenue in the window
 */
public record ArmResult(int customers, int converters, Optional<Interval> rate, Money revenue) {

    /** Validates the counts. */
    public ArmResult {
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(revenue, "revenue");
        if (customers < 0 || converters < 0 || converters > customers) {
            throw new IllegalArgumentException("need 0 <= converters <= customers but was " + converters + " of "
                    + customers);
        }
        if (rate.isPresent() != (customers > 0)) {
            throw new IllegalArgumentException("a rate exists exactly when there are customers");
        }
    }
}
