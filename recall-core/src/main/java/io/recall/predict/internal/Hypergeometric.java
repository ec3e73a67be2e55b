package io.recall.predict.internal;

/**
 * The Gaussian hypergeometric series the BTYD models need, each in a form whose terms cannot overflow
 * or cancel. Stateless and thread-safe; no allocation.
 *
 * <p>Pareto/NBD (Fader, Hardie and Lee, "A Note on Implementing the Pareto/NBD Model"): the likelihood
 * needs 2F1(r+s+x, s+1; r+s+x+1; z) when α ≥ β and 2F1(r+s+x, r+x; r+s+x+1; z) when β &gt; α, with
 * z = |α−β| / (max(α, β) + t) in [0, 1). The note sums them directly; for x in the hundreds the second
 * series' terms grow like (r+x)_n before they fall. Euler's transformation
 * 2F1(a, b; c; z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) turns both (c = a + 1) into 2F1(1, B; C; z) with
 * 0 &lt; B &lt; C, whose terms fall from 1 by a ratio below z: no overflow, no cancellation, and a
 * truncation error bounded by the last term over 1 − z.
 */
public final class Hypergeometric {

    private Hypergeometric() {
    }

    /** Beyond this z the series would need more than ~8,000 terms; callers integrate instead. */
    public static final double SERIES_MAX_Z = 0.995;

    private static final double EPS = 1e-17;

    /**
     * ln 2F1(1, b; c; z) = ln Σ (b)_n / (c)_n z^n for 0 &lt; b &lt; c and 0 &lt;= z &lt;= {@link #SERIES_MAX_Z}.
     */
    public static double logF1(double b, double c, double z) {
        if (!(b > 0 && c > b && z >= 0 && z <= SERIES_MAX_Z)) {
            throw new IllegalArgumentException("logF1 needs 0 < b < c and 0 <= z <= " + SERIES_MAX_Z
                    + " but got b=" + b + ", c=" + c + ", z=" + z);
        }
        double term = 1;
        double sum = 1;
        double tail = EPS * (1 - z);
        for (int n = 0; n < 20_000; n++) {
            term *= (b + n) / (c + n) * z;
            sum += term;
            if (term <= tail * sum) {
                return Math.log(sum);
            }
        }
        throw new ArithmeticException("2F1(1, " + b + "; " + c + "; " + z + ") did not converge");
    }
}
