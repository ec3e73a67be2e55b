package io.recall.incentive;

import io.recall.model.Money;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link MoneyMath#stack}: what each discount actually took off, and what is left to pay.
 *
 * @param subtotal the amount before discounts
 * @param applied  per requested discount (same order), the part applied; never more than requested
 * @param total    what the customer pays: the subtotal less every applied part, never negative
 */
public record StackedTotal(Money subtotal, List<Money> applied, Money total) {

    /** Validates and copies. */
    public StackedTotal {
        Objects.requireNonNull(subtotal, "subtotal");
        Objects.requireNonNull(total, "total");
        applied = List.copyOf(applied);
        if (total.isNegative()) {
            throw new IllegalArgumentException("total must be >= 0 but was " + total);
        }
    }

    /** The sum of the applied discounts. */
    public Money discount() {
        return subtotal.minus(total);
    }
}
