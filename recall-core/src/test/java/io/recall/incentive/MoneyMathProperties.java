package io.recall.incentive;

import io.recall.model.Money;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The money invariants the incentives issue demands, as properties. */
class MoneyMathProperties {

    static final Currency GBP = Currency.getInstance("GBP");

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("GBP", "JPY", "KWD", "EUR", "CLF").map(Currency::getInstance)
                .filter(c -> c.getDefaultFractionDigits() >= 0);
    }

    @Provide
    Arbitrary<RoundingMode> modes() {
        return Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.DOWN, RoundingMode.UP,
                RoundingMode.FLOOR, RoundingMode.CEILING, RoundingMode.HALF_DOWN);
    }

    @Property
    void roundingGivesTheCurrencysMinorUnitAndMovesLessThanOneUnit(@ForAll("currencies") Currency currency,
                                                                   @ForAll("modes") RoundingMode mode,
                                                                   @ForAll @LongRange(min = -10_000_000, max = 10_000_000) long tenThousandths) {
        Money raw = new Money(BigDecimal.valueOf(tenThousandths, 4), currency);
        Money rounded = MoneyMath.round(raw, mode);
        int digits = currency.getDefaultFractionDigits();
        assertTrue(rounded.amount().stripTrailingZeros().scale() <= Math.max(digits, 0));
        BigDecimal unit = BigDecimal.ONE.movePointLeft(digits);
        assertTrue(rounded.amount().subtract(raw.amount()).abs().compareTo(unit) < 0);
        assertEquals(raw.amount().setScale(digits, mode).compareTo(rounded.amount()), 0);
    }

    @Provide
    Arbitrary<List<Long>> lines() {
        return Arbitraries.longs().between(0, 1_000_000).list().ofMinSize(1).ofMaxSize(30)
                .filter(l -> l.stream().mapToLong(Long::longValue).sum() > 0);
    }

    @Property
    void allocatedPartsSumExactlyToTheWholeAndNoneExceedsItsLine(@ForAll("lines") List<Long> lines,
                                                                @ForAll @IntRange(min = 0, max = 1000) int permille) {
        long sum = lines.stream().mapToLong(Long::longValue).sum();
        long whole = sum * permille / 1000;
        List<Money> parts = MoneyMath.allocate(Money.ofMinor(whole, GBP), money(lines));
        assertEquals(lines.size(), parts.size());
        long total = 0;
        for (int i = 0; i < lines.size(); i++) {
            long part = parts.get(i).toMinorUnits(RoundingMode.UNNECESSARY);
            total += part;
            assertTrue(part >= 0 && part <= lines.get(i), "part " + part + " of line " + lines.get(i));
            // Within one minor unit of the exact proportional share.
            BigInteger exact = BigInteger.valueOf(whole).multiply(BigInteger.valueOf(lines.get(i)));
            BigInteger floor = exact.divide(BigInteger.valueOf(sum));
            assertTrue(part == floor.longValueExact() || part == floor.longValueExact() + 1);
        }
        assertEquals(whole, total);
    }

    @Property
    void allocationIsDeterministicAndTiesGoToTheEarlierLine(@ForAll @IntRange(min = 2, max = 12) int n,
                                                           @ForAll @LongRange(min = 1, max = 10_000) long line,
                                                           @ForAll @IntRange(min = 0, max = 11) int extra) {
        List<Long> equal = new ArrayList<>(Collections.nCopies(n, line));
        long whole = Math.min(line * n, (line * n / 2) / n * n + extra % n);
        List<Money> once = MoneyMath.allocate(Money.ofMinor(whole, GBP), money(equal));
        assertEquals(once, MoneyMath.allocate(Money.ofMinor(whole, GBP), money(equal)));
        for (int i = 1; i < n; i++) {
            assertTrue(once.get(i - 1).compareTo(once.get(i)) >= 0, "earlier lines get the leftover units first: " + once);
        }
    }

    @Property
    void aDiscountNeverExceedsThePrice(@ForAll @LongRange(min = 0, max = 10_000_000) long price,
                                      @ForAll @LongRange(min = 0, max = 20_000_000) long discount,
                                      @ForAll @IntRange(min = 0, max = 100) int percent,
                                      @ForAll("modes") RoundingMode mode) {
        Money p = Money.ofMinor(price, GBP);
        assertTrue(MoneyMath.capAtPrice(p, Money.ofMinor(discount, GBP)).compareTo(p) <= 0);
        Money off = MoneyMath.percentOf(p, BigDecimal.valueOf(percent), mode);
        assertTrue(off.compareTo(p) <= 0 && !off.isNegative(), off + " off " + p);
    }

    @Provide
    Arbitrary<List<Long>> discounts() {
        return Arbitraries.longs().between(0, 2_000_000).list().ofMinSize(0).ofMaxSize(5);
    }

    @Property
    void aTotalNeverGoesNegative(@ForAll @LongRange(min = 0, max = 1_000_000) long subtotal,
                                 @ForAll("discounts") List<Long> discounts, @ForAll boolean mayMakeFree) {
        StackedTotal t = MoneyMath.stack(Money.ofMinor(subtotal, GBP), money(discounts), mayMakeFree);
        assertTrue(!t.total().isNegative());
        Money applied = Money.zero(GBP);
        for (int i = 0; i < discounts.size(); i++) {
            assertTrue(t.applied().get(i).toMinorUnits(RoundingMode.UNNECESSARY) <= discounts.get(i));
            applied = applied.plus(t.applied().get(i));
        }
        assertEquals(Money.ofMinor(subtotal, GBP), t.total().plus(applied));
    }

    @Property
    void twoStackedDiscountsNeverMakeAnOrderFreeUnlessARuleAllowsIt(
            @ForAll @LongRange(min = 1, max = 1_000_000) long subtotal,
            @ForAll @Size(min = 2, max = 5) List<@LongRange(min = 0, max = 2_000_000) Long> discounts) {
        StackedTotal guarded = MoneyMath.stack(Money.ofMinor(subtotal, GBP), money(discounts), false);
        assertTrue(guarded.total().amount().signum() > 0, "stacked discounts made " + subtotal + " free");
        long requested = discounts.stream().mapToLong(Long::longValue).sum();
        StackedTotal allowed = MoneyMath.stack(Money.ofMinor(subtotal, GBP), money(discounts), true);
        assertEquals(Math.max(0, subtotal - requested), allowed.total().toMinorUnits(RoundingMode.UNNECESSARY));
        // The guard takes off no more than the one minor unit it must leave.
        assertTrue(guarded.total().minus(allowed.total()).toMinorUnits(RoundingMode.UNNECESSARY) <= 1);
    }

    static List<Money> money(List<Long> minor) {
        List<Money> out = new ArrayList<>();
        minor.forEach(m -> out.add(Money.ofMinor(m, GBP)));
        return out;
    }
}
