package io.recall.measure;

import io.recall.model.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * A purchase, as measurement sees it.
 *
 * @param customerId who bought
 * @param at         when
 * @param amount     net revenue of the order
 */
public record Purchase(String customerId, Instant at, Money amount) {

    /** Validates that nothing is missing. */
    public Purchase {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(amount, "amount");
    }
}
