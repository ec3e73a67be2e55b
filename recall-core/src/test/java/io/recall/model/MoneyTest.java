package io.recall.model;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyTest {

    static final Currency GBP = Currency.getInstance("GBP");

    @Nested
    class Equality {
        @Test
        void trailingZerosDoNotMatter() {
            assertEquals(Money.of("2.5", "GBP"), Money.of("2.50", "GBP"));
            assertEquals(Money.of("2.5", "GBP").hashCode(), Money.of("2.500", "GBP").hashCode());
        }

        @Test
        void subMinorUnitPricesAreKeptExactly() {
            assertEquals("0.001", Money.of("0.001", "GBP").amount().toPlainString());
            assertEquals(new BigDecimal("0.012"), Money.of("0.001", "GBP").times(12).amount());
        }
    }

    @Nested
    class Errors {
        @Test
        void mixingCurrenciesIsAnError() {
            CurrencyMismatchException e = assertThrows(CurrencyMismatchException.class,
                    () -> Money.of("1", "GBP").plus(Money.of("1", "USD")));
            assertEquals("GBP", e.expected());
            assertEquals("USD", e.found());
        }

        @Test
        void unknownCurrencyNamesTheCode() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.of("1", "XYZ"));
            assertTrue(e.getMessage().contains("'XYZ'"), e.getMessage());
        }

        @Test
        void pseudoCurrencyWithoutMinorUnitIsRejected() {
            assertThrows(IllegalArgumentException.class, () -> Money.of("1", "XAU"));
        }

        @Test
        void malformedAmountNamesTheText() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Money.of("1,50", "GBP"));
            assertTrue(e.getMessage().contains("1,50"), e.getMessage());
        }
    }

    @Test
    void roundsToTheMinorUnitWithTheGivenMode() {
        assertEquals(Money.of("0.02", "GBP"), Money.of("0.015", "GBP").rounded(RoundingMode.HALF_EVEN));
        assertEquals(Money.of("0.01", "GBP"), Money.of("0.015", "GBP").rounded(RoundingMode.DOWN));
        assertEquals(1234, Money.of("12.34", "GBP").toMinorUnits(RoundingMode.UNNECESSARY));
        assertEquals(12, Money.of("12", "JPY").toMinorUnits(RoundingMode.UNNECESSARY));
    }

    @Property
    void minorUnitsRoundTrip(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor) {
        assertEquals(minor, Money.ofMinor(minor, GBP).toMinorUnits(RoundingMode.UNNECESSARY));
    }

    @Property
    void plusThenMinusGivesBackTheAmount(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
                                         @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b) {
        Money x = Money.ofMinor(a, GBP);
        Money y = Money.ofMinor(b, GBP);
        assertEquals(x, x.plus(y).minus(y));
        assertEquals(x.plus(y), y.plus(x));
    }
}
