package io.recall.predict;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParetoNbdModelTest {

    static List<BtydSummary> cdnow;
    static ParetoNbdModel fitted;

    @BeforeAll
    static void fitCdnow() {
        cdnow = Datasets.cdnow();
        fitted = ParetoNbdModel.fit(cdnow);
    }

    @Nested
    class OnCdnow {
        /**
         * Fader, Hardie and Lee (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB":
         * r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6689, LL = −9594.98 (also lifetimes' and BTYD's
         * reference values). The note's optimiser stopped a little short of the optimum this finds
         * (LL −9594.9739 against −9594.9740 at the note's values), so α and β agree to 3e-3.
         */
        @Test
        void reproducesThePublishedParameters() {
            assertEquals(0.5534, fitted.r(), 1e-3);
            assertEquals(10.5802, fitted.alpha(), 5e-3);
            assertEquals(0.6061, fitted.s(), 1e-3);
            assertEquals(11.6689, fitted.beta(), 5e-3);
            assertEquals(List.of("r", "alpha", "s", "beta"), List.copyOf(fitted.parameters().keySet()));
        }

        @Test
        void reproducesThePublishedLogLikelihood() {
            FitReport fit = fitted.fit().orElseThrow();
            assertEquals(-9594.98, fit.logLikelihood(), 0.01);
            assertEquals(2_357, fit.customers());
            // At least as good as the note's (rounded) parameters.
            ParetoNbdModel note = ParetoNbdModel.of(0.5534, 10.5802, 0.6061, 11.6689, PeriodUnit.WEEKS);
            assertTrue(fit.logLikelihood() >= note.logLikelihood(cdnow) - 1e-9);
        }

        /**
         * Customer 1516 of the BTYD walkthrough (x = 26, t_x = 30.86, T = 31 weeks): E[X(T, T+52)] = 25.46
         * (BTYD walkthrough; lifetimes' test), P(alive) = 0.9979; 12-digit values from mpmath at the fitted
         * parameters.
         */
        @Test
        void goldenCustomerWith26RepeatPurchases() {
            double expected = fitted.expectedPurchases(Horizon.weeks(52), 26, 30.86, 31);
            double alive = fitted.probabilityAlive(26, 30.86, 31);
            assertEquals(25.46, Golden.significant(expected, 4));
            assertEquals(0.9979, Golden.significant(alive, 4));
            assertEquals(25.4565452666, expected, 1e-5);
            assertEquals(0.997917942924, alive, 1e-7);
        }
    }

    @Nested
    class Scoring {
        private final ParetoNbdModel note = ParetoNbdModel.of(0.553, 10.578, 0.606, 11.669, PeriodUnit.WEEKS);

        /** BTYD's pnbd.PAlive example: params (0.55, 10.56, 0.61, 11.64), x = 0, T = 39 gives 0.2924031. */
        @Test
        void btydsPAliveExample() {
            ParetoNbdModel btyd = ParetoNbdModel.of(0.55, 10.56, 0.61, 11.64, PeriodUnit.WEEKS);
            assertEquals(0.2924031, btyd.probabilityAlive(0, 0, 39), 5e-8);
            assertEquals(1.0, btyd.probabilityAlive(23, 39, 39));
        }

        /** mpmath at 50 digits (the integral by quadrature, independent of the series). */
        @Test
        void matchesHighPrecisionValuesIncludingExtremes() {
            assertEquals(25.458472951428767, note.expectedPurchases(Horizon.weeks(52), 26, 30.86, 31), 1e-11);
            assertEquals(0.29446703101458643, note.probabilityAlive(0, 0, 39), 1e-14);
            assertEquals(2.0447843715352893, note.expectedPurchases(Horizon.weeks(52), 500, 30, 31), 1e-10);
            assertEquals(748.2096145852256, note.logLikelihood(500, 30, 31), 1e-9);
            assertEquals(33.977158390859295, note.expectedPurchases(Horizon.weeks(10_000), 3, 20, 39), 1e-10);
        }

        @Test
        void theSeriesFallbacksAgreeWithHighPrecision() {
            // β ≪ α puts z within 3e-4 of 1 (quadrature); s = 1 is the expectation's removable singularity;
            // β ≫ α with x = 300 would make the note's series overflow.
            ParetoNbdModel nearOne = ParetoNbdModel.of(0.5, 40, 0.7, 0.01, PeriodUnit.WEEKS);
            assertEquals(0.0021874220143529512, nearOne.probabilityAlive(0, 0, 39), 1e-14);
            assertEquals(0.035203529552480183, nearOne.expectedPurchases(Horizon.weeks(52), 3, 2, 39), 1e-13);
            assertEquals(-14.750682161506643, nearOne.logLikelihood(3, 2, 39), 1e-12);
            assertEquals(0.82462441018525462, ParetoNbdModel.of(0.5, 10, 1, 12, PeriodUnit.WEEKS)
                    .expectedPurchases(Horizon.weeks(52), 2, 20, 39), 1e-13);
            ParetoNbdModel slowDropout = ParetoNbdModel.of(0.5, 2, 0.6, 50, PeriodUnit.WEEKS);
            assertEquals(7.8621735889038735e-79, slowDropout.probabilityAlive(300, 20, 39), 1e-89);
            assertEquals(475.39553586568411, slowDropout.logLikelihood(300, 20, 39), 1e-9);
        }
    }

    /**
     * Regression (jqwik seed -4859855190201351243 of PredictionProperties.longHorizonsStayFinite): 500 purchases
     * in 0.005 weeks with α = 0.001 make the integrand of I fall by e^1975 across [t_x, T], in a boundary layer
     * 4e-5 of the interval wide; the quadrature did not settle and threw. I is then (β+t_x)^−(s+1)
     * (α+t_x)^(1−m) / (m−1) to within the variation of (β+τ) over the layer.
     */
    @Test
    void aBoundaryLayerFarNarrowerThanTheIntervalStillIntegrates() {
        double r = 0.0010231392803044408;
        double alpha = 0.0010000000000000002;
        double s = 0.0010612336001212463;
        double beta = 999.9959953019692;
        ParetoNbdModel model = ParetoNbdModel.of(r, alpha, s, beta, PeriodUnit.WEEKS);
        double alive = model.probabilityAlive(500, 0.0051327744, 0.3104);
        assertTrue(alive >= 0 && alive <= 1e-300, "silent for 60 times the mean gap: gone, " + alive);
        assertEquals(0, model.expectedPurchases(Horizon.weeks(10_000), 500, 0.0051327744, 0.3104), 1e-300);
        double m = r + 500;
        double approx = -(s + 1) * Math.log(beta + 0.0051327744) + (1 - m) * Math.log(alpha + 0.0051327744)
                - Math.log(m - 1);
        assertEquals(approx, io.recall.predict.internal.ParetoNbdMath.logIntegral(r, alpha, s, beta, 500, 0.0051327744,
                0.3104), 1e-6 * Math.abs(approx));
        assertTrue(Double.isFinite(model.logLikelihood(500, 0.0051327744, 0.3104)));
    }

    /**
     * Regression (jqwik seed 9216435353783549233 of PredictionProperties.scoresAreFiniteAndInRange): with s = 1000
     * and β = 0.001 the integrand of I falls by e^7000 across [t_x, T] and ln I is about 6,558, where a double
     * resolves only about 1e-12: the quadrature's levels could never agree to 1e-13, and it threw.
     */
    @Test
    void anIntegralWhoseLogarithmIsInTheThousandsStillSettles() {
        double r = 0.001013070126474512;
        double alpha = 999.9999999999998;
        double s = 999.9999999999998;
        double beta = 0.0010000000000000002;
        double tx = 3.4283869999999995E-4;
        double age = 1.9153;
        ParetoNbdModel model = ParetoNbdModel.of(r, alpha, s, beta, PeriodUnit.WEEKS);
        double alive = model.probabilityAlive(7, tx, age);
        assertTrue(alive >= 0 && alive <= 1e-300, "a dropout rate of a million a week, silent for 1.9 weeks: " + alive);
        // Nearly all of I lies within (β+t_x)/s of t_x: I ≈ (α+t_x)^−m (β+t_x)^−s / s.
        double m = r + 7;
        double approx = -m * Math.log(alpha + tx) - s * Math.log(beta + tx) - Math.log(s);
        assertEquals(approx, io.recall.predict.internal.ParetoNbdMath.logIntegral(r, alpha, s, beta, 7, tx, age),
                1e-6 * Math.abs(approx));
        assertTrue(Double.isFinite(model.logLikelihood(7, tx, age)));
    }

    @Test
    void jsonRoundTripIsExact() {
        assertEquals(fitted, ParetoNbdModel.fromJson(fitted.toJson()));
        assertEquals(fitted, PurchaseModel.fromJson(fitted.toJson()));
    }
}
