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
