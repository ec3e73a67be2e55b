package io.recall.predict;

import io.recall.model.Money;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StandardErrorsTest {

    private static BgNbdModel bgNbd;
    private static BgBbModel bgBb;

    static synchronized BgNbdModel bgNbd() {
        if (bgNbd == null) {
            bgNbd = BgNbdModel.fit(Datasets.cdnow());
        }
        return bgNbd;
    }

    static synchronized BgBbModel bgBb() {
        if (bgBb == null) {
            bgBb = BgBbModel.fit(Datasets.donations());
        }
        return bgBb;
    }

    static Map<String, Double> errors(Optional<FitReport> fit) {
        StandardErrors e = fit.orElseThrow().standardErrors();
        assertTrue(e.available(), e.toString());
        return e.byParameter();
    }

    /**
     * Standard errors from a Hessian computed here independently: the summed log-likelihood through the
     * model's public API, differentiated on the natural parameters with relative steps of 1e-3 (smaller
     * ones drown in the rounding of a sum over thousands of customers), then inverted.
     */
    static double[] independentStandardErrors(double[] phi, ToDoubleFunction<double[]> logLikelihood) {
        int n = phi.length;
        double[][] h = new double[n][n];
        double f0 = -logLikelihood.applyAsDouble(phi);
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 1e-3 * phi[i];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                if (i == j) {
                    double up = -logLikelihood.applyAsDouble(shift(phi, i, step[i], j, 0));
                    double down = -logLikelihood.applyAsDouble(shift(phi, i, -step[i], j, 0));
                    h[i][i] = (up - 2 * f0 + down) / (step[i] * step[i]);
                } else {
                    double pp = -logLikelihood.applyAsDouble(shift(phi, i, step[i], j, step[j]));
                    double pm = -logLikelihood.applyAsDouble(shift(phi, i, step[i], j, -step[j]));
                    double mp = -logLikelihood.applyAsDouble(shift(phi, i, -step[i], j, step[j]));
                    double mm = -logLikelihood.applyAsDouble(shift(phi, i, -step[i], j, -step[j]));
                    h[i][j] = h[j][i] = (pp - pm - mp + mm) / (4 * step[i] * step[j]);
                }
            }
        }
        double[][] inverse = invert(h);
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            se[i] = Math.sqrt(inverse[i][i]);
        }
        return se;
    }

    private static double[] shift(double[] phi, int i, double di, int j, double dj) {
        double[] p = phi.clone();
        p[i] += di;
        p[j] += dj;
        return p;
    }

    /** Gauss–Jordan with partial pivoting: enough for a 4 × 4 matrix in a test. */
    static double[][] invert(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = a[c];
            a[c] = a[pivot];
            a[pivot] = t;
            double d = a[c][c];
            for (int k = 0; k < 2 * n; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = a[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[][] inverse = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inverse[i], 0, n);
        }
        return inverse;
    }

    static void assertAgree(List<String> names, double[] expected, Map<String, Double> actual, double relative) {
        for (int i = 0; i < names.size(); i++) {
            double se = actual.get(names.get(i));
            assertEquals(expected[i], se, relative * expected[i], names.get(i) + ": " + actual);
        }
    }

    /** Each row {@code k} times, by counts (k a power of two keeps the mean likelihood bit for bit the same). */
    static BtydData repeated(List<BtydSummary> summaries, long k) {
        int n = summaries.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = summaries.get(i).repeatPurchases();
            tx[i] = summaries.get(i).timeOfLastPurchase();
            age[i] = summaries.get(i).ageAtEnd();
            counts[i] = k;
        }
        return BtydData.ofCounts(summaries.get(0).unit(), x, tx, age, counts);
    }

    @Nested
    class BgNbdOnCdnow {
        /**
         * The lifetimes library's documented {@code BetaGeoFitter.summary} on the same 2,357 customers
         * (docs/Quickstart.md): se(r) 0.012557, se(α) 0.378221, se(a) 0.185719, se(b) 0.705345.
         */
        @Test
        void matchesTheLifetimesLibrarysPublishedStandardErrors() {
            Map<String, Double> se = errors(bgNbd().fit());
            assertEquals(List.of("r", "alpha", "a", "b"), List.copyOf(se.keySet()));
            assertEquals(0.012557, se.get("r"), 0.002 * 0.012557);
            assertEquals(0.378221, se.get("alpha"), 0.002 * 0.378221);
            assertEquals(0.185719, se.get("a"), 0.002 * 0.185719);
            assertEquals(0.705345, se.get("b"), 0.002 * 0.705345);
        }

        @Test
        void agreeWithAnIndependentHessianOfThePublicLikelihood() {
            BgNbdModel m = bgNbd();
            List<BtydSummary> data = Datasets.cdnow();
            double[] se = independentStandardErrors(new double[]{m.r(), m.alpha(), m.a(), m.b()},
                    p -> BgNbdModel.of(p[0], p[1], p[2], p[3], PeriodUnit.WEEKS).logLikelihood(data));
            assertAgree(List.of("r", "alpha", "a", "b"), se, errors(m.fit()), 1e-3);
        }

        @Test
        void shrinkByExactlyOneOverRootKWhenTheDataAreRepeatedKTimes() {
            List<BtydSummary> data = Datasets.cdnow();
            Map<String, Double> once = errors(BgNbdModel.fit(repeated(data, 1)).fit());
            Map<String, Double> four = errors(BgNbdModel.fit(repeated(data, 4)).fit());
            once.forEach((name, se) -> assertEquals(se / 2, four.get(name), 1e-12 * se, name));
        }
    }

    @Nested
    class ParetoNbdOnCdnow {
        @Test
        void agreeWithAnIndependentHessianOfThePublicLikelihood() {
            List<BtydSummary> data = Datasets.cdnow();
            ParetoNbdModel m = ParetoNbdModel.fit(data);
            double[] se = independentStandardErrors(new double[]{m.r(), m.alpha(), m.s(), m.beta()},
                    p -> ParetoNbdModel.of(p[0], p[1], p[2], p[3], PeriodUnit.WEEKS).logLikelihood(data));
            assertAgree(List.of("r", "alpha", "s", "beta"), se, errors(m.fit()), 1e-3);
        }

        @Test
        void shrinkByExactlyOneOverRootKWhenTheDataAreRepeatedKTimes() {
            List<BtydSummary> data = Datasets.cdnow();
            Map<String, Double> once = errors(ParetoNbdModel.fit(repeated(data, 1)).fit());
            Map<String, Double> four = errors(ParetoNbdModel.fit(repeated(data, 4)).fit());
            once.forEach((name, se) -> assertEquals(se / 2, four.get(name), 1e-12 * se, name));
        }
    }

    @Nested
    class BgBbOnDonations {
        @Test
        void agreeWithAnIndependentHessianOfThePublicLikelihood() {
            BgBbModel m = bgBb();
            List<BtydSummary> data = new ArrayList<>();
            for (String[] row : Datasets.donationRows()) {
                for (int k = 0; k < Integer.parseInt(row[3]); k++) {
                    data.add(BtydSummary.of("d", Integer.parseInt(row[0]), Integer.parseInt(row[1]),
                            Integer.parseInt(row[2]), PeriodUnit.OPPORTUNITIES));
                }
            }
            assertEquals(11_104, data.size());
            double[] se = independentStandardErrors(new double[]{m.alpha(), m.beta(), m.gamma(), m.delta()},
                    p -> BgBbModel.of(p[0], p[1], p[2], p[3]).logLikelihood(data));
            assertAgree(List.of("alpha", "beta", "gamma", "delta"), se, errors(m.fit()), 1e-3);
        }
    }

    @Nested
    class GammaGammaOnCdnow {
        @Test
        void agreeWithAnIndependentHessianOfThePublicLikelihood() {
            List<BtydSummary> data = Datasets.cdnowWithSpend().stream().filter(s -> s.repeatPurchases() > 0).toList();
            GammaGammaModel m = GammaGammaModel.fit(data);
            double[] se = independentStandardErrors(new double[]{m.p(), m.q(), m.gamma()}, p -> {
                GammaGammaModel g = GammaGammaModel.of(p[0], p[1], p[2], Money.currency("USD"));
                double sum = 0;
                for (BtydSummary s : data) {
                    sum += g.logLikelihood(s.repeatPurchases(), s.meanRepeatSpend().orElseThrow().amount().doubleValue());
                }
                return sum;
            });
            assertAgree(List.of("p", "q", "gamma"), se, errors(m.fit()), 1e-3);
        }
    }

    @Nested
    class WhenTheHessianIsNotPositiveDefinite {
        @Test
        void theReportSaysSoInsteadOfGivingNaN() {
            double[][] saddle = {{1, 0}, {0, -1e-3}};
            StandardErrors e = Fitting.standardErrors(List.of("r", "alpha"), new double[]{0, 0}, new double[]{0, 0},
                    saddle, 100);
            assertFalse(e.available());
            assertTrue(e.byParameter().isEmpty());
            assertTrue(e.unavailable().orElseThrow().contains("not positive definite"), e.toString());
            assertTrue(e.unavailable().orElseThrow().contains("along alpha"), e.toString());
        }

        @Test
        void aReportCarriesEitherValuesOrAReasonNeverBothOrNeither() {
            assertThrows(IllegalArgumentException.class, () -> new StandardErrors(Map.of(), Optional.empty()));
            assertThrows(IllegalArgumentException.class, () -> new StandardErrors(Map.of("r", 1.0), Optional.of("why")));
            assertThrows(IllegalArgumentException.class, () -> StandardErrors.of(Map.of("r", Double.NaN)));
            assertThrows(IllegalArgumentException.class, () -> StandardErrors.of(Map.of("r", 0.0)));
        }
    }

    @Nested
    class InJson {
        @Test
        void aFittedModelWritesThemBesideTheParametersAndReadsThemBackExactly() {
            BgNbdModel m = bgNbd();
            String json = m.toJson();
            assertTrue(json.contains("\"standardErrors\" : {"), json);
            BgNbdModel back = BgNbdModel.fromJson(json);
            assertEquals(m, back);
            assertEquals(m.fit().orElseThrow().standardErrors(), back.fit().orElseThrow().standardErrors());
            assertEquals(json, back.toJson());
        }

        @Test
        void aReasonRoundTripsToo() {
            BgBbModel m = bgBb();
            FitReport f = m.fit().orElseThrow();
            String json = m.toJson();
            String reason = json.replaceFirst("\"standardErrors\" : \\{[^}]*}", "\"standardErrors\" : null, "
                    + "\"standardErrorsUnavailable\" : \"not positive definite\"");
            BgBbModel back = BgBbModel.fromJson(reason);
            assertEquals(Optional.of("not positive definite"), back.fit().orElseThrow().standardErrors().unavailable());
            assertEquals(back, BgBbModel.fromJson(back.toJson()));
            assertEquals(f.logLikelihood(), back.fit().orElseThrow().logLikelihood());
        }

        @Test
        void badStandardErrorsAreNamedByTheirPath() {
            String bad = bgNbd().toJson().replaceFirst("(\"standardErrors\" : \\{\\s*\"r\" : [0-9.E-]+,"
                    + "\\s*\"alpha\" : )[0-9.E-]+", "$1-1");
            io.recall.config.ConfigException e = assertThrows(io.recall.config.ConfigException.class,
                    () -> BgNbdModel.fromJson(bad));
            assertTrue(e.getMessage().contains("$.standardErrors.alpha"), e.getMessage());
        }
    }
}
