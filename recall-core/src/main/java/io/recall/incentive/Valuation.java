package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;

/**
 * How a rule set values offers that are not a plain discount.
 *
 * @param pointValue what one loyalty point is worth, at least zero; may be a fraction of the minor unit
 *                   (0.005 GBP), since point values are multiplied out and rounded before anything is reserved
 * @param shipping   what free shipping costs the shop per order, at least zero, in whole minor units (it is
 *                   reserved from budgets as it is)
 */
public record Valuation(Money pointValue, Money shipping) {

    /** Validates. */
    public Valuation {
        requireNonNegative(pointValue, "pointValue");
        requireNonNegative(shipping, "shipping");
        requireWholeMinor(shipping, "shipping");
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

    /**
     * Rejects an amount with digits below its currency's minor unit (1.005 GBP, 3.999 GBP): such an amount
     * cannot be reserved from a budget exactly.
     */
    static void requireWholeMinor(Money m, String what) {
        Objects.requireNonNull(m, what);
        if (m.amount().scale() > m.currency().getDefaultFractionDigits()) {
            throw new IllegalArgumentException(what + " " + m.amount().toPlainString() + " " + m.currency().getCurrencyCode()
                    + " has digits below the currency's minor unit (" + m.currency().getDefaultFractionDigits()
                    + " decimals)");
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
