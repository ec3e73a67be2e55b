package io.recall.incentive;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MoneyMathTest {

    @Nested
    class Rounding {
        @Test
        void roundsToEachCurrencysMinorUnitWithTheGivenMode() {
            assertEquals(Money.of("2.68", "GBP"), MoneyMath.round(Money.of("2.675", "GBP"), RoundingMode.HALF_UP));
            assertEquals(Money.of("2.67", "GBP"), MoneyMath.round(Money.of("2.675", "GBP"), RoundingMode.HALF_DOWN));
            assertEquals(Money.of("268", "JPY"), MoneyMath.round(Money.of("267.5", "JPY"), RoundingMode.HALF_EVEN));
            assertEquals(Money.of("1.235", "KWD"), MoneyMath.round(Money.of("1.2345", "KWD"), RoundingMode.HALF_UP));
        }
    }

    @Nested
    class Allocation {
        @Test
        void tenPenceOverThreeEqualLinesGivesTheExtraPennyToTheFirst() {
            List<Money> parts = MoneyMath.allocate(Money.of("0.10", "GBP"),
                    List.of(Money.of("1.00", "GBP"), Money.of("1.00", "GBP"), Money.of("1.00", "GBP")));
            assertEquals(List.of(Money.of("0.04", "GBP"), Money.of("0.03", "GBP"), Money.of("0.03", "GBP")), parts);
        }

        @Test
        void largestRemainderWinsOverOrder() {
            // Shares of 1.00 over 10, 20, 70: 0.10, 0.20, 0.70 exactly; over 1, 1, 1 three thirds.
            List<Money> parts = MoneyMath.allocate(Money.of("1.00", "GBP"),
                    List.of(Money.of("3.33", "GBP"), Money.of("3.34", "GBP"), Money.of("3.33", "GBP")));
            assertEquals(Money.of("1.00", "GBP"), parts.get(0).plus(parts.get(1)).plus(parts.get(2)));
            assertEquals(Money.of("0.34", "GBP"), parts.get(1));
        }

        @Test
        void refusesSubMinorUnitsNegativeOrMoreThanTheLines() {
            List<Money> lines = List.of(Money.of("5.00", "GBP"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> MoneyMath.allocate(Money.of("1.005", "GBP"), lines)).getMessage().contains("RoundingMode"));
            assertThrows(IllegalArgumentException.class, () -> MoneyMath.allocate(Money.of("-1", "GBP"), lines));
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> MoneyMath.allocate(Money.of("6", "GBP"), lines)).getMessage().contains("never exceeds the price"));
            assertThrows(CurrencyMismatchException.class,
                    () -> MoneyMath.allocate(Money.of("1", "EUR"), lines));
        }
    }

    @Nested
    class Stacking {
        @Test
        void twoDiscountsLeaveAPennyUnlessAllowed() {
            StackedTotal t = MoneyMath.stack(Money.of("10.00", "GBP"),
                    List.of(Money.of("6.00", "GBP"), Money.of("6.00", "GBP")), false);
            assertEquals(Money.of("0.01", "GBP"), t.total());
            assertEquals(List.of(Money.of("6.00", "GBP"), Money.of("3.99", "GBP")), t.applied());
            assertEquals(Money.of("0.00", "GBP"), MoneyMath.stack(Money.of("10.00", "GBP"),
                    List.of(Money.of("6.00", "GBP"), Money.of("6.00", "GBP")), true).total());
        }

        @Test
        void oneDiscountMayTakeTheOrderToZeroButNotBelow() {
            StackedTotal t = MoneyMath.stack(Money.of("10.00", "GBP"), List.of(Money.of("15.00", "GBP")), false);
            assertEquals(Money.of("0", "GBP"), t.total());
            assertEquals(Money.of("10.00", "GBP"), t.discount());
        }

        @Test
        void percentOfRoundsWithTheGivenMode() {
            assertEquals(Money.of("1.34", "GBP"), MoneyMath.percentOf(Money.of("8.95", "GBP"), new BigDecimal("15"), RoundingMode.HALF_EVEN));
            assertEquals(Money.of("1.35", "GBP"), MoneyMath.percentOf(Money.of("8.95", "GBP"), new BigDecimal("15"), RoundingMode.UP));
        }
    }
}
