package io.recall.rfm;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import java.time.Instant;
import java.util.Currency;

/**
 * Converts an amount into the currency RFM is computed in, at the rate of a given instant.
 *
 * <p>Supplied by the caller (Recall knows no exchange rates). Implementations must be exact
 * (BigDecimal rates) and thread-safe.
 */
@FunctionalInterface
public interface CurrencyConverter {

    /** Refuses every conversion: a different currency is an error, never a silent mix. */
    CurrencyConverter NONE = (amount, target, at) -> {
        if (!amount.currency().equals(target)) {
            throw new CurrencyMismatchException(target, amount.currency());
        }
        return amount;
    };

    /**
     * The amount in {@code target}.
     *
     * @throws IllegalArgumentException when no rate is known
     */
    Money convert(Money amount, Currency target, Instant at);
}
