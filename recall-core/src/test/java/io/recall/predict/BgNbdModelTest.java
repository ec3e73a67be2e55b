package io.recall.predict;

import io.recall.config.ConfigException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BgNbdModelTest {

    static List<BtydSummary> cdnow;
    static BgNbdModel fitted;

    @BeforeAll
    static void fitCdnow() {
        cdnow = Datasets.cdnow();
        fitted = BgNbdModel.fit(cdnow);
    }

    @Nested
    class OnCdnow {
        @Test
        void hasTheCdnowSummarysCustomers() {
            assertEquals(2_357, cdnow.size());
            assertEquals(2_357, fitted.fit().orElseThrow().customers());
        }

        /** Fader, Hardie and Lee (2005), "Counting Your Customers the Easy Way", table/figures on CDNOW. */
        @Test
        void reproducesThePublishedParametersWithin1e3() {
            assertEquals(0.243, fitted.r(), 1e-3);
            assertEquals(4.414, fitted.alpha(), 1e-3);
            assertEquals(0.793, fitted.a(), 1e-3);
            assertEquals(2.426, fitted.b(), 1e-3);
            assertEquals(PeriodUnit.WEEKS, fitted.unit());
        }

        @Test
        void reproducesThePublishedLogLikelihood() {
            FitReport fit = fitted.fit().orElseThrow();
            assertEquals(-9582.43, fit.logLikelihood(), 0.005);
            assertTrue(fit.converged());
            assertTrue(fit.gradientNorm() < 1e-7, fit.toString());
            assertTrue(fit.iterations() > 0 && fit.evaluations() >= fit.iterations(), fit.toString());
            assertEquals(fit.logLikelihood(), fitted.logLikelihood(cdnow), 1e-8);
        }

        @Test
        void parametersAreNamedAsInThePaper() {
            assertEquals(List.of("r", "alpha", "a", "b"), List.copyOf(fitted.parameters().keySet()));
            assertEquals(fitted.alpha(), fitted.parameters().get("alpha"));
        }

        /**
         * The customer with 26 repeat purchases, the last at 30.86 weeks, observed for 31 weeks (BTYD
         * walkthrough's customer 1516): E[X(T, T+52)] = 25.76 and P(alive) = 0.9689 at 4 significant
         * digits; the 12-digit values are mpmath's (50 digits) at the fitted parameters.
         */
        @Test
        void goldenCustomerWith26RepeatPurchases() {
            double expected = fitted.expectedPurchases(Horizon.weeks(52), 26, 30.86, 31);
            double alive = fitted.probabilityAlive(26, 30.86, 31);
            assertEquals(25.76, Golden.significant(expected, 4));
            assertEquals(0.9689, Golden.significant(alive, 4));
            assertEquals(25.7594730314, expected, 1e-5);
            assertEquals(0.968919710415, alive, 1e-6);
        }

        /** Hardie's BG/NBD spreadsheet (the lifetimes test suite uses the same figures). */
        @Test
        void conditionalExpectationOfHardiesSpreadsheetCustomer() {
            assertEquals(1.226, fitted.expectedPurchases(Horizon.weeks(39), 2, 30.43, 38.86), 1e-3);
        }

        @Test
        void unconditionalExpectationsOfHardiesSpreadsheet() {
            double[] weeks = {0.1429, 1.0, 3.00, 31.8571, 32.00, 78.00};
            double[] expected = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
            for (int i = 0; i < weeks.length; i++) {
                assertEquals(expected[i], fitted.expectedPurchasesOfNewCustomer(Horizon.weeks(weeks[i])), 1e-3,
                        "E[X(" + weeks[i] + ")]");
            }
        }

        @Test
        void horizonsConvertBetweenDaysAndWeeks() {
            assertEquals(fitted.expectedPurchases(Horizon.weeks(52), 3, 20, 30),
                    fitted.expectedPurchases(Horizon.days(364), 3, 20, 30), 1e-12);
            BtydSummary inDays = BtydSummary.of("c", 3, 140, 210, PeriodUnit.DAYS);
            assertEquals(fitted.probabilityAlive(3, 20, 30), fitted.probabilityAlive(inDays), 1e-12);
        }
    }

    @Nested
    class Scoring {
        private final BgNbdModel model = BgNbdModel.of(0.243, 4.414, 0.793, 2.426, PeriodUnit.WEEKS);

        @Test
        void aCustomerWithoutRepeatPurchasesIsAlive() {
            assertEquals(1.0, model.probabilityAlive(0, 0, 38.86));
        }

        @Test
        void extremeCustomersAndHorizonsStayFiniteAndMatchHighPrecision() {
            // mpmath at 50 digits with the paper's parameters.
            assertEquals(15.067913315055177, model.expectedPurchasesOfNewCustomer(Horizon.weeks(10_000)), 1e-9);
            assertEquals(53.540478253014569, model.expectedPurchasesOfNewCustomer(Horizon.weeks(1e6)), 1e-8);
            assertEquals(2.033667223002583, model.expectedPurchases(Horizon.weeks(10_000), 500, 30, 31), 1e-9);
            assertEquals(0.00037829636598250221, model.probabilityAlive(500, 30, 31), 1e-15);
            assertEquals(0.25207302228245893, model.expectedPurchases(Horizon.weeks(52), 0, 0, 38.86), 1e-12);
        }

        @Test
        void awkwardParametersTakeTheRobustPath() {
            // a = 40 makes the series cancel; a = 1 is the paper formula's removable singularity.
            assertEquals(0.014785716372105087, BgNbdModel.of(0.5, 3, 40, 2, PeriodUnit.WEEKS)
                    .expectedPurchases(Horizon.weeks(52), 3, 10, 20), 1e-13);
            assertEquals(0.62493265749367323, BgNbdModel.of(0.3, 5, 1, 2.5, PeriodUnit.WEEKS)
                    .expectedPurchases(Horizon.weeks(30), 2, 5, 20), 1e-12);
            assertEquals(0.70299285617261626, BgNbdModel.of(0.3, 5, 0.2, 0.3, PeriodUnit.WEEKS)
                    .expectedPurchases(Horizon.weeks(52), 0, 0, 10), 1e-12);
        }

        @Test
        void impossibleHistoriesAreRejectedWithTheConflict() {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.probabilityAlive(3, 40, 30));
            assertTrue(e.getMessage().contains("40") && e.getMessage().contains("30"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> model.probabilityAlive(-1, 0, 30));
            assertThrows(IllegalArgumentException.class, () -> model.probabilityAlive(0, 5, 30));
            assertThrows(IllegalArgumentException.class, () -> model.expectedPurchases(Horizon.opportunities(3), 1, 1, 2));
        }

        @Test
        void aFlatLikelihoodIsAFitExceptionNotAModel() {
            // Nobody ever comes back: nothing pins down the repeat-purchase or the dropout process.
            List<BtydSummary> none = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                none.add(BtydSummary.of("c" + i, 0, 0, 10 + i, PeriodUnit.WEEKS));
            }
            FitException e = assertThrows(FitException.class, () -> BgNbdModel.fit(none));
            assertTrue(e.getMessage().contains("do not identify"), e.getMessage());
            assertTrue(e.lastAttempt().isPresent());
        }

        @Test
        void parametersMustBePositiveAndTheUnitContinuous() {
            assertThrows(IllegalArgumentException.class, () -> BgNbdModel.of(0, 1, 1, 1, PeriodUnit.WEEKS));
            assertThrows(IllegalArgumentException.class, () -> BgNbdModel.of(1, Double.NaN, 1, 1, PeriodUnit.WEEKS));
            assertThrows(IllegalArgumentException.class, () -> BgNbdModel.of(1, 1, 1, 1, PeriodUnit.OPPORTUNITIES));
        }
    }

    @Nested
    class Json {
        @Test
        void roundTripIsExact() {
            BgNbdModel back = BgNbdModel.fromJson(fitted.toJson());
            assertEquals(fitted, back);
            assertEquals(fitted.toJson(), back.toJson());
            assertEquals(fitted, PurchaseModel.fromJson(fitted.toJson()));
        }

        @Test
        void everyProblemIsReportedWithItsPath() {
            ConfigException e = assertThrows(ConfigException.class, () -> BgNbdModel.fromJson("""
                    {"type": "recall.btyd.bg-nbd", "version": 1, "unit": "fortnights",
                     "parameters": {"r": -1, "alpha": 4.4, "a": "x", "c": 1},
                     "fit": {"customers": 0, "logLikelihood": 1, "iterations": 1, "evaluations": 1,
                             "gradientNorm": 0, "converged": true, "message": "ok"}}"""));
            String m = e.getMessage();
            for (String path : List.of("$.unit", "$.parameters.r", "$.parameters.a", "$.parameters.b",
                    "$.parameters.c", "$.fit.customers")) {
                assertTrue(m.contains(path), path + " in " + m);
            }
        }

        @Test
        void theWrongTypeIsNamed() {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> PurchaseModel.fromJson("{\"type\": \"recall.rfm-scoring-model\"}"));
            assertTrue(e.getMessage().contains("$.type"), e.getMessage());
        }
    }
}
