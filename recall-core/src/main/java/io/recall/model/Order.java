package io.recall.model;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * A purchase: one order placed by one customer at one instant, with its lines.
 *
 * @param id         the order id as the source knows it, not blank
 * @param customerId the customer's id, not blank
 * @param placedAt   when the order was placed
 * @param source     where the record came from (e.g. {@code online}, {@code store-17}), not blank
 * @param lines      at least one line, all in one currency
 */
public record Order(String id, String customerId, Instant placedAt, String source, List<OrderLine> lines) {

    /** Validates the order and copies its lines. */
    public Order {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(source, "source");
        lines = List.copyOf(lines);
        if (id.isBlank()) {
            throw new IllegalArgumentException("order id is blank");
        }
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("customer id of order " + id + " is blank");
        }
        if (source.isBlank()) {
            throw new IllegalArgumentException("source of order " + id + " is blank");
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("order " + id + " has no lines");
        }
        Currency currency = lines.get(0).amount().currency();
        for (OrderLine line : lines) {
            if (!line.amount().currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, line.amount().currency());
            }
        }
    }

    /** The currency of every line. */
    public Currency currency() {
        return lines.get(0).amount().currency();
    }

    /** The sum of the line amounts. */
    public Money total() {
        Money sum = Money.zero(currency());
        for (OrderLine line : lines) {
            sum = sum.plus(line.amount());
        }
        return sum;
    }
}
