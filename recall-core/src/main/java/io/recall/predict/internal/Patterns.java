package io.recall.predict.internal;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Customer summaries compressed to distinct (x, t_x, T) patterns with weights, plus the distinct x and
 * T values, so that a likelihood evaluates each ln Γ(r + x) and ln(α + T) once per distinct value.
 * Immutable after construction; the arrays are shared read-only.
 */
public final class Patterns {

    /** Repeat purchases per pattern. */
    public final int[] x;
    /** Time of the last purchase per pattern. */
    public final double[] tx;
    /** Age at the end of calibration per pattern. */
    public final double[] age;
    /** Customers per pattern. */
    public final double[] weight;
    /** The index into {@link #distinctX} of each pattern's x. */
    public final int[] xIndex;
    /** The distinct x values. */
    public final int[] distinctX;
    /** The index into {@link #distinctAge} of each pattern's T. */
    public final int[] ageIndex;
    /** The distinct T values. */
    public final double[] distinctAge;
    /** The total weight (customers). */
    public final double totalWeight;

    private record Key(int x, double tx, double age) {
    }

    /** Compresses parallel columns; weights may be null (one customer per row). */
    public Patterns(int[] x, double[] tx, double[] age, double[] weights) {
        int n = x.length;
        Map<Key, Integer> index = new HashMap<>();
        int[] px = new int[n];
        double[] ptx = new double[n];
        double[] page = new double[n];
        double[] pw = new double[n];
        int count = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1 : weights[i];
            if (w == 0) {
                continue;
            }
            Key key = new Key(x[i], tx[i], age[i]);
            Integer at = index.get(key);
            if (at == null) {
                index.put(key, count);
                px[count] = x[i];
                ptx[count] = tx[i];
                page[count] = age[i];
                pw[count] = w;
                count++;
            } else {
                pw[at] += w;
            }
            total += w;
        }
        this.x = Arrays.copyOf(px, count);
        this.tx = Arrays.copyOf(ptx, count);
        this.age = Arrays.copyOf(page, count);
        this.weight = Arrays.copyOf(pw, count);
        this.totalWeight = total;
        this.distinctX = Arrays.stream(this.x).distinct().sorted().toArray();
        this.xIndex = new int[count];
        for (int i = 0; i < count; i++) {
            xIndex[i] = Arrays.binarySearch(distinctX, this.x[i]);
        }
        this.distinctAge = Arrays.stream(this.age).distinct().sorted().toArray();
        this.ageIndex = new int[count];
        for (int i = 0; i < count; i++) {
            ageIndex[i] = Arrays.binarySearch(distinctAge, this.age[i]);
        }
    }

    /** How many distinct patterns. */
    public int size() {
        return x.length;
    }

    /** The mean of T over customers. */
    public double meanAge() {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += weight[i] * age[i];
        }
        return s / totalWeight;
    }

    /** Purchases per unit of time over the whole population (at least a tiny positive number). */
    public double purchaseRate() {
        double purchases = 0;
        double time = 0;
        for (int i = 0; i < x.length; i++) {
            purchases += weight[i] * x[i];
            time += weight[i] * age[i];
        }
        return Math.max(purchases, 1e-3) / Math.max(time, 1e-3);
    }
}
