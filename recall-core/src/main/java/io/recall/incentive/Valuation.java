package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;

/**
 * How a rule set values offers that are not a plain discount.
 *
 * @param pointValue what one loyalty point is worth, at least zero
 * @param shipping   what free shipping costs the shop per order, at least zero
 */
public record Valuation(Money pointValue, Money shipping) {

    /** Validates. */
    public Valuation {
        requireNonNegative(pointValue, "pointValue");
        requireNonNegative(shipping, "shipping");
        if (!pointValue.currency().equals(shipping.currency())) {
            throw new io.recall.model.CurrencyMismatchException(shipping.currency(), pointValue.currency());
        }
    }

    static void requireNonNegative(Money m, String what) {
        Objects.requireNonNull(m, what);
        if (m.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0 but was " + m);
        }
    }

    static void requirePositive(Money m, String what) {
        Objects.requireNonNull(m, what);
        if (m.amount().signum() <= 0) {
            throw new IllegalArgumentException(what + " must be > 0 but was " + m);
        }
    }

    static void requireSku(String sku) {
        Objects.requireNonNull(sku, "sku");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("a SKU must not be blank");
        }
    }
}
