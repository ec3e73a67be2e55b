package io.recall.predict;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grocery event log (BTYDplus' groceryElog): calibrate on 2006, predict 2007, per customer and in
 * aggregate. The figures are printed (and recorded in BENCHMARKS.md); the assertions guard against a
 * regression, not a target.
 */
class GroceryHoldoutTest {

    static CalibrationHoldout split;
    static BgNbdModel bgNbd;
    static ParetoNbdModel paretoNbd;

    @BeforeAll
    static void fit() {
        split = Datasets.grocery().split(LocalDate.of(2006, 12, 31), LocalDate.of(2007, 12, 31), PeriodUnit.WEEKS);
        bgNbd = BgNbdModel.fit(split.calibration());
        paretoNbd = ParetoNbdModel.fit(split.calibration());
    }

    @Test
    void theCohortIsComplete() {
        assertEquals(1_525, split.customers().size());
        assertEquals(0, split.customersFirstSeenInHoldout());
        long calibrationPurchases = split.customers().stream()
                .mapToLong(h -> h.calibration().repeatPurchases() + 1L).sum();
        long holdoutPurchases = split.customers().stream().mapToLong(HoldoutSummary::holdoutPurchases).sum();
        assertEquals(10_483, calibrationPurchases + holdoutPurchases, "every row of the log is one purchase day");
    }

    @Test
    void holdoutErrorsPerCustomerAndInAggregate() {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%ngrocery holdout 2007 (calibration 2006, weeks, %d customers)%n%-11s %-44s %9s %7s %7s %9s %7s %8s%n",
                split.customers().size(), "model", "parameters", "LL", "MAE", "RMSE", "expected", "actual", "error"));
        for (PurchaseModel model : List.of(bgNbd, paretoNbd)) {
            HoldoutAccuracy a = GoodnessOfFit.holdoutAccuracy(model, split.customers());
            StringBuilder params = new StringBuilder();
            model.parameters().forEach((k, v) -> params.append(String.format(Locale.ROOT, "%s=%.4f ", k, v)));
            table.append(String.format(Locale.ROOT, "%-11s %-44s %9.2f %7.4f %7.4f %9.1f %7d %+7.2f%%%n", model.name(),
                    params.toString().trim(), model.fit().orElseThrow().logLikelihood(), a.meanAbsoluteError(),
                    a.rootMeanSquaredError(), a.expectedTotal(), a.actualTotal(), 100 * a.aggregateError()));
            assertTrue(a.meanAbsoluteError() < 2.0, a.toString());
            assertTrue(Math.abs(a.aggregateError()) < 0.25, a.toString());
            assertEquals(3_389, a.actualTotal());
        }
        System.out.println(table);
    }

    @Test
    void conditionalExpectationsByFrequencyAreReadyToPlot() {
        List<FrequencyBucket> buckets = GoodnessOfFit.byCalibrationFrequency(bgNbd, split.customers(), 7);
        assertEquals(8, buckets.size());
        assertEquals("7+", buckets.get(7).label());
        assertEquals(split.customers().size(), buckets.stream().mapToLong(FrequencyBucket::customers).sum());
        for (int i = 1; i < buckets.size(); i++) {
            assertTrue(buckets.get(i).expectedHoldout() > buckets.get(i - 1).expectedHoldout(),
                    "more calibration purchases, more expected: " + buckets);
        }
    }

    @Test
    void theAliveMatrixCoversPossibleHistoriesOnly() {
        AliveMatrix m = GoodnessOfFit.aliveMatrix(paretoNbd, 10, 52, 13);
        assertEquals(1 + 10 * 14, m.cells().size());
        assertTrue(m.cells().stream().allMatch(c -> c.probabilityAlive() >= 0 && c.probabilityAlive() <= 1));
        AliveMatrix discrete = GoodnessOfFit.aliveMatrix(BgBbModel.of(1.2, 0.75, 0.66, 2.78), 6, 6, 1);
        assertEquals(1 + 6 + 5 + 4 + 3 + 2 + 1, discrete.cells().size());
    }
}
