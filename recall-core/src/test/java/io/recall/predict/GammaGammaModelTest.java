package io.recall.predict;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.RoundingMode;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GammaGammaModelTest {

    static List<BtydSummary> cdnow;
    static GammaGammaModel fitted;

    @BeforeAll
    static void fit() {
        cdnow = Datasets.cdnowWithSpend();
        fitted = GammaGammaModel.fit(cdnow);
    }

    /** Fader, Hardie and Lee (2005), "RFM and CLV": p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers. */
    @Test
    void reproducesThePublishedParameters() {
        assertEquals(6.25, fitted.p(), 5e-3);
        assertEquals(3.74, fitted.q(), 5e-3);
        assertEquals(15.44, fitted.gamma(), 1e-2);
        assertEquals(946, fitted.fit().orElseThrow().customers());
        assertEquals(List.of("p", "q", "gamma"), List.copyOf(fitted.parameters().keySet()));
        assertEquals("USD", fitted.currency().getCurrencyCode());
    }

    /**
     * Distinct (x, z̄) rows with counts, the form a distributed engine collects, fit the same model as one
     * row per customer (to rounding in the summed likelihood).
     */
    @Test
    void weightedRowsFitLikeOneRowPerCustomer() {
        java.util.Map<java.util.List<Object>, Long> counts = new java.util.LinkedHashMap<>();
        for (BtydSummary s : cdnow) {
            if (s.repeatPurchases() > 0 && s.meanRepeatSpend().isPresent()
                    && s.meanRepeatSpend().get().amount().signum() > 0) {
                counts.merge(List.of(s.repeatPurchases(), s.meanRepeatSpend().get().amount().doubleValue()), 1L, Long::sum);
            }
        }
        assertTrue(counts.size() < 946, "CDNOW's repeat buyers share some (x, mean spend) rows");
        int[] x = new int[counts.size() + 1];
        double[] spend = new double[x.length];
        long[] customers = new long[x.length];
        int i = 0;
        for (var e : counts.entrySet()) {
            x[i] = (Integer) e.getKey().get(0);
            spend[i] = (Double) e.getKey().get(1);
            customers[i++] = e.getValue();
        }
        // A row with no customers carries no weight.
        x[i] = 3;
        spend[i] = 1_000;
        GammaGammaModel weighted = GammaGammaModel.fit(x, spend, customers, fitted.currency());
        assertEquals(946, weighted.fit().orElseThrow().customers());
        assertEquals(1, weighted.p() / fitted.p(), 1e-6);
        assertEquals(1, weighted.q() / fitted.q(), 1e-6);
        assertEquals(1, weighted.gamma() / fitted.gamma(), 1e-6);
        assertEquals(1, weighted.fit().orElseThrow().logLikelihood() / fitted.fit().orElseThrow().logLikelihood(), 1e-9);
        assertThrows(IllegalArgumentException.class,
                () -> GammaGammaModel.fit(new int[]{1}, new double[]{5}, new long[]{-1}, fitted.currency()));
        assertThrows(IllegalArgumentException.class,
                () -> GammaGammaModel.fit(new int[]{1}, new double[]{5}, new long[]{0}, fitted.currency()));
    }

    /**
     * Hardie's Gamma-Gamma spreadsheet (note 025), first ten customers, as in lifetimes' tests; the sheet
     * uses the unrounded estimates (the rounded 6.25, 3.74, 15.44 give 35.22 instead of 35.17 for x = 0).
     */
    @Test
    void expectedSpendMatchesHardiesSpreadsheet() {
        double[] expected = {24.66, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
        for (int i = 0; i < expected.length; i++) {
            Money m = fitted.expectedMeanSpend(cdnow.get(i), RoundingMode.HALF_EVEN);
            assertEquals(expected[i], m.amount().doubleValue(), 0.006, "customer " + cdnow.get(i).customerId());
        }
    }

    @Test
    void moneyIsRoundedWithTheCallersMode() {
        GammaGammaModel paper = GammaGammaModel.of(6.25, 3.74, 15.44, Money.currency("USD"));
        Optional<Money> spend = Optional.of(Money.of("22.35", "USD"));
        double raw = paper.expectedMeanSpend(2, 22.35);
        assertEquals(Money.of(new java.math.BigDecimal(raw).setScale(2, RoundingMode.FLOOR), Money.currency("USD")),
                paper.expectedMeanSpend(2, spend, RoundingMode.FLOOR));
        assertEquals(Money.of(new java.math.BigDecimal(raw).setScale(2, RoundingMode.CEILING), Money.currency("USD")),
                paper.expectedMeanSpend(2, spend, RoundingMode.CEILING));
        assertThrows(CurrencyMismatchException.class,
                () -> paper.expectedMeanSpend(2, Optional.of(Money.of("22.35", "EUR")), RoundingMode.HALF_EVEN));
    }

    @Test
    void aNewCustomerGetsThePopulationMean() {
        assertEquals(fitted.p() * fitted.gamma() / (fitted.q() - 1), fitted.expectedMeanSpend(0, 0), 1e-12);
    }

    @Test
    void aMeanThatDoesNotExistIsAnErrorNotInfinity() {
        GammaGammaModel heavy = GammaGammaModel.of(2, 0.8, 10, Money.currency("USD"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> heavy.expectedMeanSpend(0, 0));
        assertTrue(e.getMessage().contains("q = 0.8"), e.getMessage());
        assertTrue(Double.isFinite(heavy.expectedMeanSpend(1, 30)));
    }

    @Test
    void jsonRoundTripIsExact() {
        assertEquals(fitted, GammaGammaModel.fromJson(fitted.toJson()));
        assertEquals(fitted.toJson(), GammaGammaModel.fromJson(fitted.toJson()).toJson());
    }

    @Test
    void customersWithoutSpendCannotFitAlone() {
        assertThrows(IllegalArgumentException.class,
                () -> GammaGammaModel.fit(List.of(BtydSummary.of("a", 0, 0, 10, PeriodUnit.WEEKS))));
    }
}
