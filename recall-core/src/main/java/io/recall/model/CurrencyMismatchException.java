package io.recall.model;

import java.util.Currency;

/**
 * Thrown when amounts of two currencies meet without a conversion: mixing them silently would be wrong.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String found;

    /** An error naming the expected and the found currency. */
    public CurrencyMismatchException(Currency expected, Currency found) {
        super("currency mismatch: expected " + expected.getCurrencyCode() + " but found " + found.getCurrencyCode()
                + "; convert explicitly with a CurrencyConverter");
        this.expected = expected.getCurrencyCode();
        this.found = found.getCurrencyCode();
    }

    /** The ISO code that was expected. */
    public String expected() {
        return expected;
    }

    /** The ISO code that was found. */
    public String found() {
        return found;
    }
}
