package io.recall.predict;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * How well a purchase model fits, as data a report can plot: holdout purchases expected and actual by
 * calibration frequency, the frequency/recency P(alive) matrix, and holdout errors. Stateless and
 * thread-safe.
 */
public final class GoodnessOfFit {

    private GoodnessOfFit() {
    }

    /**
     * Mean actual and expected holdout purchases of the customers grouped by calibration repeat purchases
     * 0, 1, …, {@code openFrom − 1} and {@code openFrom}+ (the papers use 7+). Empty groups are left out.
     */
    public static List<FrequencyBucket> byCalibrationFrequency(PurchaseModel model, Collection<HoldoutSummary> customers,
                                                               int openFrom) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(customers, "customers");
        if (openFrom < 1) {
            throw new IllegalArgumentException("openFrom must be >= 1 but was " + openFrom);
        }
        long[] count = new long[openFrom + 1];
        double[] actual = new double[openFrom + 1];
        double[] expected = new double[openFrom + 1];
        for (HoldoutSummary h : customers) {
            int k = Math.min(h.calibration().repeatPurchases(), openFrom);
            count[k]++;
            actual[k] += h.holdoutPurchases();
            expected[k] += model.expectedPurchases(h.holdout(), h.calibration());
        }
        List<FrequencyBucket> buckets = new ArrayList<>();
        for (int k = 0; k <= openFrom; k++) {
            if (count[k] > 0) {
                buckets.add(new FrequencyBucket(k, k == openFrom, count[k], actual[k] / count[k], expected[k] / count[k]));
            }
        }
        return buckets;
    }

    /**
     * P(alive) for x = 0..{@code maxRepeatPurchases} and t_x on {@code recencySteps + 1} evenly spaced
     * points of [0, T] (for BG/BB: every whole opportunity 0..T), at age T = {@code ageAtEnd} in the
     * model's unit.
     */
    public static AliveMatrix aliveMatrix(PurchaseModel model, int maxRepeatPurchases, double ageAtEnd, int recencySteps) {
        Objects.requireNonNull(model, "model");
        if (maxRepeatPurchases < 0 || recencySteps < 1 || !(ageAtEnd >= 0) || !Double.isFinite(ageAtEnd)) {
            throw new IllegalArgumentException("need maxRepeatPurchases >= 0, recencySteps >= 1 and a finite ageAtEnd >= 0"
                    + " but got " + maxRepeatPurchases + ", " + recencySteps + ", " + ageAtEnd);
        }
        boolean discrete = model.unit() == PeriodUnit.OPPORTUNITIES;
        List<AliveCell> cells = new ArrayList<>();
        for (int x = 0; x <= maxRepeatPurchases; x++) {
            if (x == 0) {
                cells.add(new AliveCell(0, 0, model.probabilityAlive(0, 0, ageAtEnd)));
                continue;
            }
            if (discrete) {
                for (int tx = x; tx <= (int) ageAtEnd; tx++) {
                    cells.add(new AliveCell(x, tx, model.probabilityAlive(x, tx, ageAtEnd)));
                }
            } else {
                for (int i = 0; i <= recencySteps; i++) {
                    double tx = i == recencySteps ? ageAtEnd : ageAtEnd * i / recencySteps;
                    cells.add(new AliveCell(x, tx, model.probabilityAlive(x, tx, ageAtEnd)));
                }
            }
        }
        return new AliveMatrix(model.name(), model.unit(), ageAtEnd, cells);
    }

    /** Per-customer and aggregate errors of the model's holdout predictions. */
    public static HoldoutAccuracy holdoutAccuracy(PurchaseModel model, Collection<HoldoutSummary> customers) {
        Objects.requireNonNull(model, "model");
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("no customers to compare");
        }
        double absolute = 0;
        double squared = 0;
        double expectedTotal = 0;
        long actualTotal = 0;
        for (HoldoutSummary h : customers) {
            double e = model.expectedPurchases(h.holdout(), h.calibration());
            double d = e - h.holdoutPurchases();
            absolute += Math.abs(d);
            squared += d * d;
            expectedTotal += e;
            actualTotal += h.holdoutPurchases();
        }
        int n = customers.size();
        return new HoldoutAccuracy(model.name(), n, absolute / n, Math.sqrt(squared / n), expectedTotal, actualTotal);
    }
}
