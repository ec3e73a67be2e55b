package io.recall.predict;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifetimeValueTest {

    private final BgNbdModel purchases = BgNbdModel.of(0.243, 4.414, 0.793, 2.426, PeriodUnit.WEEKS);
    private final GammaGammaModel spend = GammaGammaModel.of(6.25, 3.74, 15.44, Money.currency("USD"));
    private final BtydSummary customer = new BtydSummary("1", 2, 30.43, 38.86, PeriodUnit.WEEKS,
            Optional.of(Money.of("22.35", "USD")));

    private static ClvTerms terms(String rate, String margin) {
        return new ClvTerms(Horizon.weeks(52), Horizon.weeks(4), new BigDecimal(rate), new BigDecimal(margin),
                RoundingMode.HALF_EVEN);
    }

    @Test
    void withoutDiscountItIsMarginTimesSpendTimesExpectedPurchases() {
        Money clv = LifetimeValue.of(purchases, spend, customer, terms("0", "1"));
        double expected = spend.expectedMeanSpend(2, 22.35) * purchases.expectedPurchases(Horizon.weeks(52), customer);
        assertEquals(new BigDecimal(expected).setScale(2, RoundingMode.HALF_EVEN), clv.amount());
        assertEquals("USD", clv.currency().getCurrencyCode());
        Money half = LifetimeValue.of(purchases, spend, customer, terms("0", "0.5"));
        assertEquals(new BigDecimal(expected / 2).setScale(2, RoundingMode.HALF_EVEN), half.amount());
    }

    @Test
    void discountingLowersTheValueAndAPartialLastPeriodCounts() {
        Money plain = LifetimeValue.of(purchases, spend, customer, terms("0", "1"));
        Money discounted = LifetimeValue.of(purchases, spend, customer, terms("0.01", "1"));
        assertTrue(discounted.compareTo(plain) < 0, discounted + " < " + plain);
        ClvTerms odd = new ClvTerms(Horizon.weeks(50), Horizon.weeks(4), BigDecimal.ZERO, BigDecimal.ONE, RoundingMode.HALF_EVEN);
        assertEquals(purchases.expectedPurchases(Horizon.weeks(50), customer),
                LifetimeValue.discountedPurchases(purchases, 2, 30.43, 38.86, odd), 1e-12);
    }

    @Test
    void aNewCustomerIsValuedAtThePopulationSpend() {
        BtydSummary fresh = BtydSummary.of("2", 0, 0, 10, PeriodUnit.WEEKS);
        Money clv = LifetimeValue.of(purchases, spend, fresh, terms("0", "1"));
        double expected = 6.25 * 15.44 / 2.74 * purchases.expectedPurchases(Horizon.weeks(52), fresh);
        assertEquals(expected, clv.amount().doubleValue(), 0.005);
    }

    @Test
    void theDiscountPeriodMayBeInAnotherUnit() {
        ClvTerms days = new ClvTerms(Horizon.weeks(52), Horizon.days(28), new BigDecimal("0.01"), BigDecimal.ONE,
                RoundingMode.HALF_EVEN);
        assertEquals(LifetimeValue.of(purchases, spend, customer, terms("0.01", "1")),
                LifetimeValue.of(purchases, spend, customer, days));
    }

    @Test
    void badTermsAndMismatchedMoneyAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> terms("-0.1", "1"));
        assertThrows(IllegalArgumentException.class, () -> terms("0", "1.5"));
        assertThrows(IllegalArgumentException.class, () -> new ClvTerms(Horizon.weeks(52), Horizon.opportunities(1),
                BigDecimal.ZERO, BigDecimal.ONE, RoundingMode.HALF_EVEN));
        BtydSummary euros = new BtydSummary("3", 1, 5, 10, PeriodUnit.WEEKS, Optional.of(Money.of("10", "EUR")));
        assertThrows(CurrencyMismatchException.class, () -> LifetimeValue.of(purchases, spend, euros, terms("0", "1")));
        BtydSummary noSpend = BtydSummary.of("4", 1, 5, 10, PeriodUnit.WEEKS);
        assertThrows(IllegalArgumentException.class, () -> LifetimeValue.of(purchases, spend, noSpend, terms("0", "1")));
    }
}
