package io.recall.predict;

import io.recall.predict.internal.Patterns;

import java.util.Collection;
import java.util.Objects;

/**
 * The input of a purchase model's fit: (x, t_x, T) for every customer, or for every group of identical
 * customers with a count (the aggregated form the papers publish, such as {@code donations.csv}), in
 * one unit. Immutable; identical rows are merged internally so that a fit evaluates each pattern once.
 */
public final class BtydData {

    private final PeriodUnit unit;
    private final Patterns patterns;
    private final long customers;

    private BtydData(PeriodUnit unit, int[] x, double[] tx, double[] age, long[] counts) {
        this.unit = Objects.requireNonNull(unit, "unit");
        int n = x.length;
        if (tx.length != n || age.length != n || (counts != null && counts.length != n)) {
            throw new IllegalArgumentException("need equally long columns but got x " + n + ", t_x " + tx.length
                    + ", T " + age.length + (counts == null ? "" : ", counts " + counts.length));
        }
        double[] weights = new double[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            BtydSummary.check("row " + i, x[i], tx[i], age[i], unit);
            long count = counts == null ? 1 : counts[i];
            if (count < 0) {
                throw new IllegalArgumentException("the customer count of row " + i + " must be >= 0 but was " + count);
            }
            weights[i] = count;
            total = Math.addExact(total, count);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no customers to fit on");
        }
        this.customers = total;
        this.patterns = new Patterns(x.clone(), tx.clone(), age.clone(), weights);
    }

    /**
     * The summaries' (x, t_x, T), all in one unit.
     *
     * @throws IllegalArgumentException when the collection is empty or mixes units
     */
    public static BtydData of(Collection<BtydSummary> summaries) {
        Objects.requireNonNull(summaries, "summaries");
        if (summaries.isEmpty()) {
            throw new IllegalArgumentException("no customers to fit on");
        }
        PeriodUnit unit = summaries.iterator().next().unit();
        int n = summaries.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        int i = 0;
        for (BtydSummary s : summaries) {
            if (s.unit() != unit) {
                throw new IllegalArgumentException("summaries mix units: " + unit.id() + " and " + s.unit().id()
                        + " (customer " + s.customerId() + "); convert with BtydSummary.in(unit)");
            }
            x[i] = s.repeatPurchases();
            tx[i] = s.timeOfLastPurchase();
            age[i] = s.ageAtEnd();
            i++;
        }
        return new BtydData(unit, x, tx, age, null);
    }

    /** One customer per row; the arrays are copied. */
    public static BtydData ofColumns(PeriodUnit unit, int[] repeatPurchases, double[] timeOfLastPurchase,
                                     double[] ageAtEnd) {
        return new BtydData(unit, repeatPurchases, timeOfLastPurchase, ageAtEnd, null);
    }

    /** {@code customers[i]} identical customers per row (aggregated data); the arrays are copied. */
    public static BtydData ofCounts(PeriodUnit unit, int[] repeatPurchases, double[] timeOfLastPurchase,
                                    double[] ageAtEnd, long[] customers) {
        Objects.requireNonNull(customers, "customers");
        return new BtydData(unit, repeatPurchases, timeOfLastPurchase, ageAtEnd, customers);
    }

    /** The unit of t_x and T. */
    public PeriodUnit unit() {
        return unit;
    }

    /** How many customers, counts included. */
    public long customers() {
        return customers;
    }

    /** How many distinct (x, t_x, T) patterns. */
    public int patterns() {
        return patterns.size();
    }

    Patterns compressed() {
        return patterns;
    }
}
