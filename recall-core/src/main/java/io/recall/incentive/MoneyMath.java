package io.recall.incentive;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * Exact money operations for incentives: rounding per currency, allocating an order-level discount across
 * lines, capping discounts at the price, and stacking discounts without making an order free by accident.
 *
 * <p>Every method is a pure function of its arguments and thread-safe. Amounts handed in must be in one
 * currency; results are in whole minor units of that currency (pence, cents, yen).
 */
public final class MoneyMath {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private MoneyMath() {
    }

    /**
     * Rounds to the currency's minor unit (2 decimals for GBP, 0 for JPY, 3 for KWD) with an explicit mode.
     */
    public static Money round(Money amount, RoundingMode mode) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(mode, "mode");
        return amount.rounded(mode);
    }

    /**
     * {@code percent} percent of {@code price}, rounded to the minor unit with {@code mode}; never more than
     * the price and never negative.
     *
     * @param percent 0..100
     */
    public static Money percentOf(Money price, BigDecimal percent, RoundingMode mode) {
        requireNonNegative(price, "price");
        Objects.requireNonNull(mode, "mode");
        if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("percent must be 0..100 but was " + percent.toPlainString());
        }
        Money raw = new Money(price.amount().multiply(percent).divide(HUNDRED), price.currency());
        return capAtPrice(price.rounded(RoundingMode.DOWN), raw.rounded(mode));
    }

    /** The discount actually granted on {@code price}: the requested one, but never more than the price. */
    public static Money capAtPrice(Money price, Money discount) {
        requireNonNegative(price, "price");
        requireNonNegative(discount, "discount");
        return discount.compareTo(price) > 0 ? price : discount;
    }

    /**
     * Splits {@code whole} across lines in proportion to their amounts so that the parts sum exactly to
     * the whole (largest remainder method). Each line first gets the floor of its exact share in minor
     * units; the minor units left over go one each to the lines with the largest remainders, ties to the
     * earlier line, so the result is deterministic. No part exceeds its line.
     *
     * @param whole an amount in whole minor units, at least zero and at most the sum of the lines
     * @param lines the line amounts in whole minor units, each at least zero, in the same currency
     * @return one part per line, in line order
     * @throws IllegalArgumentException when an amount has sub-minor-unit digits (round it first, with an
     *                                  explicit mode), is negative, or the whole exceeds the lines' sum
     */
    public static List<Money> allocate(Money whole, List<Money> lines) {
        Objects.requireNonNull(whole, "whole");
        Objects.requireNonNull(lines, "lines");
        Currency currency = whole.currency();
        long wholeMinor = minor(whole, "whole");
        if (wholeMinor < 0) {
            throw new IllegalArgumentException("the amount to allocate must be >= 0 but was " + whole);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("cannot allocate " + whole + " across no lines");
        }
        long[] line = new long[lines.size()];
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < line.length; i++) {
            Money m = Objects.requireNonNull(lines.get(i), "lines[" + i + "]");
            if (!m.currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, m.currency());
            }
            line[i] = minor(m, "lines[" + i + "]");
            if (line[i] < 0) {
                throw new IllegalArgumentException("lines[" + i + "] must be >= 0 but was " + m);
            }
            sum = sum.add(BigInteger.valueOf(line[i]));
        }
        BigInteger w = BigInteger.valueOf(wholeMinor);
        if (w.compareTo(sum) > 0) {
            throw new IllegalArgumentException("cannot allocate " + whole + " across lines that sum to only "
                    + Money.ofMinor(sum.longValueExact(), currency) + ": a discount never exceeds the price");
        }
        long[] part = new long[line.length];
        if (wholeMinor == 0) {
            return toMoney(part, currency);
        }
        BigInteger[] remainder = new BigInteger[line.length];
        long given = 0;
        for (int i = 0; i < line.length; i++) {
            BigInteger[] qr = w.multiply(BigInteger.valueOf(line[i])).divideAndRemainder(sum);
            part[i] = qr[0].longValueExact();
            remainder[i] = qr[1];
            given += part[i];
        }
        long left = wholeMinor - given;
        Integer[] order = new Integer[line.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Largest remainder first; equal remainders go to the earlier line.
        Arrays.sort(order, (a, b) -> {
            int c = remainder[b].compareTo(remainder[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int k = 0; k < left; k++) {
            part[order[k]]++;
        }
        return toMoney(part, currency);
    }

    /**
     * Applies discounts one after the other to a subtotal. Each is capped at what is left, so the total
     * never goes negative; and when two or more discounts stack and {@code mayMakeFree} is false, together
     * they leave at least one minor unit to pay (the last discounts are reduced), so stacking never makes an
     * order free unless a rule says it may. A single discount may take the subtotal to zero.
     *
     * @param subtotal    at least zero, whole minor units
     * @param discounts   each at least zero, whole minor units, same currency
     * @param mayMakeFree true when a rule explicitly allows the stacked discounts to make the order free
     */
    public static StackedTotal stack(Money subtotal, List<Money> discounts, boolean mayMakeFree) {
        requireNonNegative(subtotal, "subtotal");
        long left = minor(subtotal, "subtotal");
        long floor = discounts.size() >= 2 && !mayMakeFree && left > 0 ? 1 : 0;
        List<Money> applied = new ArrayList<>(discounts.size());
        for (int i = 0; i < discounts.size(); i++) {
            Money d = Objects.requireNonNull(discounts.get(i), "discounts[" + i + "]");
            if (!d.currency().equals(subtotal.currency())) {
                throw new CurrencyMismatchException(subtotal.currency(), d.currency());
            }
            long want = minor(d, "discounts[" + i + "]");
            if (want < 0) {
                throw new IllegalArgumentException("discounts[" + i + "] must be >= 0 but was " + d);
            }
            long take = Math.min(want, Math.max(0, left - floor));
            left -= take;
            applied.add(Money.ofMinor(take, subtotal.currency()));
        }
        return new StackedTotal(subtotal, applied, Money.ofMinor(left, subtotal.currency()));
    }

    private static List<Money> toMoney(long[] part, Currency currency) {
        List<Money> result = new ArrayList<>(part.length);
        for (long p : part) {
            result.add(Money.ofMinor(p, currency));
        }
        return List.copyOf(result);
    }

    private static long minor(Money m, String what) {
        BigDecimal scaled = m.amount().setScale(m.currency().getDefaultFractionDigits(), RoundingMode.DOWN);
        if (scaled.compareTo(m.amount()) != 0) {
            throw new IllegalArgumentException(what + " " + m + " has digits below the currency's minor unit;"
                    + " round it first with an explicit RoundingMode");
        }
        return scaled.unscaledValue().longValueExact();
    }

    private static void requireNonNegative(Money m, String what) {
        Objects.requireNonNull(m, what);
        if (m.isNegative()) {
            throw new IllegalArgumentException(what + " must be >= 0 but was " + m);
        }
    }
}
