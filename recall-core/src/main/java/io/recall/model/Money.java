package io.recall.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of money in one currency.
 *
 * <p>The amount is a {@link BigDecimal}; binary floating point never enters. Amounts may carry more
 * decimals than the currency's minor unit (unit prices such as 0.001 GBP exist in real data); round
 * explicitly with {@link #rounded(RoundingMode)} where a payable amount is needed. Equality ignores
 * trailing zeros: {@code 2.5 GBP} equals {@code 2.50 GBP}. Arithmetic between two currencies is an
 * error, never a silent mix.
 *
 * @param amount   the exact amount, any sign
 * @param currency an ISO 4217 currency with a minor unit (pseudo-currencies such as XAU are rejected)
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** Normalises the scale so that equal amounts are equal records. */
    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(
                    "currency " + currency.getCurrencyCode() + " has no minor unit; use a real currency");
        }
        // Hot in imports: the common case (scale equal to the minor unit, e.g. 2.55 GBP) needs no work.
        if (amount.scale() != digits) {
            BigDecimal stripped = amount.stripTrailingZeros();
            amount = stripped.scale() < digits ? stripped.setScale(digits, RoundingMode.UNNECESSARY) : stripped;
        }
    }

    /** Money from a decimal string and an ISO 4217 code, e.g. {@code Money.of("12.50", "GBP")}. */
    public static Money of(String amount, String currencyCode) {
        return new Money(parseAmount(amount), currency(currencyCode));
    }

    /** Money from an exact amount and a currency. */
    public static Money of(BigDecimal amount, Currency currency) {
        return new Money(amount, currency);
    }

    /** Money from a count of the currency's minor units, e.g. pence. */
    public static Money ofMinor(long minorUnits, Currency currency) {
        int digits = currency.getDefaultFractionDigits();
        return new Money(BigDecimal.valueOf(minorUnits, Math.max(digits, 0)), currency);
    }

    /** Zero in the given currency. */
    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /**
     * Looks up an ISO 4217 currency, with a message that names the code when it is unknown.
     *
     * @throws IllegalArgumentException if the code is not a known currency with a minor unit
     */
    public static Currency currency(String code) {
        Objects.requireNonNull(code, "code");
        Currency currency;
        try {
            currency = Currency.getInstance(code.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown currency '" + code + "': expected an ISO 4217 code such as GBP", e);
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException("currency '" + code + "' has no minor unit; expected a real currency");
        }
        return currency;
    }

    private static BigDecimal parseAmount(String amount) {
        Objects.requireNonNull(amount, "amount");
        try {
            return new BigDecimal(amount.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a decimal number", e);
        }
    }

    /** The sum; both must be in the same currency. */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /** The difference; both must be in the same currency. */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /** This amount times a whole number (a quantity). */
    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    /** The amount with the opposite sign. */
    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    /** Rounded to the currency's minor unit with an explicit rounding mode. */
    public Money rounded(RoundingMode mode) {
        return new Money(amount.setScale(currency.getDefaultFractionDigits(), mode), currency);
    }

    /** The amount in minor units (pence, cents), rounded with the given mode. */
    public long toMinorUnits(RoundingMode mode) {
        return amount.setScale(currency.getDefaultFractionDigits(), mode).unscaledValue().longValueExact();
    }

    /** True when the amount is below zero. */
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /** True when the amount is zero. */
    public boolean isZero() {
        return amount.signum() == 0;
    }

    /** Orders amounts of the same currency. */
    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new CurrencyMismatchException(currency, other.currency);
        }
    }

    /** The plain amount and the code, e.g. {@code 12.50 GBP}. */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
