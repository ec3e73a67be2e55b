package io.recall.predict;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BgBbModelTest {

    static BtydData donations;
    static BgBbModel fitted;

    @BeforeAll
    static void fit() {
        donations = Datasets.donations();
        fitted = BgBbModel.fit(donations);
    }

    /** Fader, Hardie and Shang (2010): α = 1.204, β = 0.750, γ = 0.657, δ = 2.783, LL = −33,225.6. */
    @Test
    void reproducesThePublishedParametersAndLogLikelihood() {
        assertEquals(11_104, donations.customers());
        assertEquals(22, donations.patterns());
        assertEquals(1.204, fitted.alpha(), 1e-3);
        assertEquals(0.750, fitted.beta(), 1e-3);
        assertEquals(0.657, fitted.gamma(), 1e-3);
        assertEquals(2.783, fitted.delta(), 1e-3);
        assertEquals(-33_225.6, fitted.fit().orElseThrow().logLikelihood(), 0.05);
        assertEquals(List.of("alpha", "beta", "gamma", "delta"), List.copyOf(fitted.parameters().keySet()));
    }

    /** Table 6 of the paper: P(alive in 2002) for 1995 donors with 0, 2 (last in 1999) and 6 repeat gifts. */
    @Test
    void probabilityAliveMatchesTable6() {
        assertEquals(0.11, fitted.probabilityAlive(0, 0, 6), 0.005);
        assertEquals(0.59, fitted.probabilityAlive(2, 4, 6), 0.005);
        assertEquals(0.93, fitted.probabilityAlive(6, 6, 6), 0.005);
    }

    /** Hardie's BG/BB spreadsheet, "Conditional Expectations (II)": 12,884.2 gifts in 2002–2006. */
    @Test
    void conditionalExpectationsAddUpToTheSpreadsheetsTotal() {
        double total = 0;
        int[][] patterns = {{0, 0, 3464}, {1, 1, 1091}, {1, 2, 277}, {1, 3, 129}, {1, 4, 78}, {1, 5, 119}, {1, 6, 129},
                {2, 2, 613}, {2, 3, 255}, {2, 4, 155}, {2, 5, 173}, {2, 6, 234}, {3, 3, 322}, {3, 4, 181}, {3, 5, 225},
                {3, 6, 357}, {4, 4, 240}, {4, 5, 284}, {4, 6, 512}, {5, 5, 335}, {5, 6, 728}, {6, 6, 1203}};
        for (int[] p : patterns) {
            total += p[2] * fitted.expectedPurchases(Horizon.opportunities(5), p[0], p[1], 6);
        }
        assertEquals(12_884.2, total, 0.5);
    }

    @Test
    void horizonsAreWholeOpportunities() {
        assertThrows(IllegalArgumentException.class, () -> fitted.expectedPurchases(Horizon.weeks(5), 1, 1, 6));
        assertThrows(IllegalArgumentException.class, () -> Horizon.opportunities(-1));
        assertThrows(IllegalArgumentException.class, () -> new Horizon(2.5, PeriodUnit.OPPORTUNITIES));
        assertThrows(IllegalArgumentException.class, () -> fitted.probabilityAlive(3, 2, 6));
        assertTrue(fitted.expectedPurchasesOfNewCustomer(Horizon.opportunities(100)) < 100);
    }

    @Test
    void gammaOfOneIsARemovableSingularity() {
        BgBbModel atOne = BgBbModel.of(1.2, 0.75, 1.0, 2.8);
        BgBbModel nearOne = BgBbModel.of(1.2, 0.75, 1.0 + 1e-6, 2.8);
        double at = atOne.expectedPurchases(Horizon.opportunities(5), 3, 5, 6);
        assertEquals(nearOne.expectedPurchases(Horizon.opportunities(5), 3, 5, 6), at, 1e-5 * at);
        assertTrue(Double.isFinite(at) && at > 0);
    }

    @Test
    void jsonRoundTripIsExact() {
        assertEquals(fitted, BgBbModel.fromJson(fitted.toJson()));
        assertEquals(fitted, PurchaseModel.fromJson(fitted.toJson()));
    }
}
