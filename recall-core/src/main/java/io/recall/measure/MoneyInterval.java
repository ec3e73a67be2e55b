package io.recall.measure;

import io.recall.model.Money;

import java.util.Objects;

/**
 * An amount of money with a confidence interval; the estimate is exact, the bounds are rounded to the
 * currency's minor unit (they come from a normal approximation).
 *
 * @param estimate the point estimate
 * @param low      the lower bound
 * @param high     the upper bound
 */
public record MoneyInterval(Money estimate, Money low, Money high) {

    /** Validates currencies and order. */
    public MoneyInterval {
        Objects.requireNonNull(estimate, "estimate");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        if (low.compareTo(estimate) > 0 || estimate.compareTo(high) > 0) {
            throw new IllegalArgumentException("need low <= estimate <= high but was " + low + " <= " + estimate
                    + " <= " + high);
        }
    }

    /** Whether an amount lies inside, bounds included. */
    public boolean contains(Money value) {
        return low.compareTo(value) <= 0 && value.compareTo(high) <= 0;
    }
}
