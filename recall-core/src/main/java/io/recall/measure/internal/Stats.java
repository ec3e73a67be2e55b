package io.recall.measure.internal;

import io.recall.measure.Interval;

/** The interval formulas, in one place with their references. Pure and thread-safe. */
public final class Stats {

    private Stats() {
    }

    /**
     * The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9), for turning
     * a confidence level into z: {@code z(0.975) = 1.95996...}.
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("a probability in (0, 1) is needed but was " + p);
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) {
            return -normalQuantile(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    /** z for a two-sided confidence level. */
    public static double z(double confidence) {
        return normalQuantile((1 + confidence) / 2);
    }

    /** Wilson's score interval for x successes of n (Wilson 1927); n at least 1. */
    public static Interval wilson(int x, int n, double z) {
        if (n <= 0 || x < 0 || x > n) {
            throw new IllegalArgumentException("need 0 <= x <= n, n >= 1, but was " + x + " of " + n);
        }
        double p = (double) x / n;
        double z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        // Exact ends for 0 and n, where rounding could put the bound a hair past the estimate.
        double lo = x == 0 ? 0 : Math.max(0, Math.min(p, centre - half));
        double hi = x == n ? 1 : Math.min(1, Math.max(p, centre + half));
        return new Interval(p, lo, hi);
    }

    /**
     * Newcombe's hybrid score interval for p1 - p2 (Newcombe 1998, method 10), from each proportion's Wilson
     * interval; well behaved for small counts and rates near 0, unlike the Wald interval.
     */
    public static Interval newcombe(int x1, int n1, int x2, int n2, double z) {
        Interval a = wilson(x1, n1, z);
        Interval b = wilson(x2, n2, z);
        double d = a.estimate() - b.estimate();
        double lo = d - Math.sqrt(sq(a.estimate() - a.low()) + sq(b.high() - b.estimate()));
        double hi = d + Math.sqrt(sq(a.high() - a.estimate()) + sq(b.estimate() - b.low()));
        return new Interval(d, lo, hi);
    }

    private static double sq(double v) {
        return v * v;
    }
}
