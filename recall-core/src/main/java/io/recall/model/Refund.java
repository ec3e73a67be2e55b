package io.recall.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Money given back to a customer: a cancellation or a return.
 *
 * <p>When the source links it to an order ({@link #orderId()}), a refund of the whole order removes
 * that order from the customer's purchase count; an unlinked refund (Online Retail's {@code C…}
 * invoices carry no link) only reduces the monetary value.
 *
 * @param id         the refund's own id, not blank
 * @param customerId the customer's id, not blank
 * @param at         when the refund happened
 * @param kind       cancellation or return
 * @param orderId    the refunded order, when the source says
 * @param source     where the record came from, not blank
 * @param amount     how much went back, positive
 * @param lines      the refunded lines, adding up to the amount; empty when only an amount is known
 */
public record Refund(String id, String customerId, Instant at, RefundKind kind, Optional<String> orderId,
                     String source, Money amount, List<OrderLine> lines) {

    /** Validates the refund and copies its lines. */
    public Refund {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(amount, "amount");
        lines = List.copyOf(lines);
        if (id.isBlank() || customerId.isBlank() || source.isBlank()) {
            throw new IllegalArgumentException("refund id, customer id and source must not be blank (refund '" + id + "')");
        }
        if (amount.isNegative() || amount.isZero()) {
            throw new IllegalArgumentException("refund " + id + " amount must be positive but was " + amount);
        }
        if (!lines.isEmpty()) {
            Money sum = Money.zero(amount.currency());
            for (OrderLine line : lines) {
                sum = sum.plus(line.amount());
            }
            if (sum.compareTo(amount) != 0) {
                throw new IllegalArgumentException("refund " + id + " lines add up to " + sum + " but its amount is "
                        + amount);
            }
        }
    }
}
