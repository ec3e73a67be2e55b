package io.recall.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of an order or of a refund: a product, how many, at what price.
 *
 * <p>{@link #amount()} is authoritative. It equals {@code unitPrice × quantity} when built with
 * {@link #of}; sources that only report a line total (CDNOW) use {@link #ofTotal}, where the unit
 * price is indicative.
 *
 * @param sku       the product's stock-keeping unit, not blank
 * @param category  the product category, if known
 * @param quantity  how many units, at least 1
 * @param unitPrice the price of one unit, not negative
 * @param amount    the line total, not negative, in the unit price's currency
 */
public record OrderLine(String sku, Optional<String> category, long quantity, Money unitPrice, Money amount) {

    /** Validates the line. */
    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(amount, "amount");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku is blank");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity of " + sku + " must be at least 1 but was " + quantity);
        }
        if (unitPrice.isNegative()) {
            throw new IllegalArgumentException("unit price of " + sku + " must not be negative but was " + unitPrice);
        }
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount of " + sku + " must not be negative but was " + amount);
        }
        if (!unitPrice.currency().equals(amount.currency())) {
            throw new CurrencyMismatchException(unitPrice.currency(), amount.currency());
        }
    }

    /** A line whose amount is exactly {@code unitPrice × quantity}. */
    public static OrderLine of(String sku, Optional<String> category, long quantity, Money unitPrice) {
        return new OrderLine(sku, category, quantity, unitPrice, unitPrice.times(quantity));
    }

    /** A line known by its total; the unit price is the total over the quantity, to 4 extra decimals. */
    public static OrderLine ofTotal(String sku, Optional<String> category, long quantity, Money total) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity of " + sku + " must be at least 1 but was " + quantity);
        }
        int scale = total.currency().getDefaultFractionDigits() + 4;
        BigDecimal unit = total.amount().divide(BigDecimal.valueOf(quantity), scale, RoundingMode.HALF_EVEN);
        return new OrderLine(sku, category, quantity, new Money(unit, total.currency()), total);
    }
}
