package io.recall.predict.internal;

/**
 * Numerical integration for the cases the series cannot serve: Gauss–Legendre on short, smooth
 * intervals and double-exponential (tanh-sinh) quadrature, in log space, for integrands with end-point
 * singularities or sharp boundary layers. Stateless and thread-safe.
 */
public final class Quadrature {

    private Quadrature() {
    }

    /** The logarithm of an integrand on (0, 1), given the point both as u and as 1 − u (each exact). */
    @FunctionalInterface
    public interface LogIntegrand {
        /**
         * ln f at the point u of (0, 1).
         *
         * @param u          the point
         * @param oneMinusU  1 − u, computed without cancellation near 1
         * @param logU       ln u
         * @param logOneMinusU ln(1 − u)
         */
        double at(double u, double oneMinusU, double logU, double logOneMinusU);
    }

    // 20-point Gauss–Legendre nodes (positive half) and weights on [-1, 1].
    static final double[] GL_X = {
            0.0765265211334973337546404, 0.2277858511416450780804962, 0.3737060887154195606725482,
            0.5108670019508270980043641, 0.6360536807265150254528367, 0.7463319064601507926143051,
            0.8391169718222188233945291, 0.9122344282513259058677524, 0.9639719272779137912676661,
            0.9931285991850949247861224};
    static final double[] GL_W = {
            0.1527533871307258506980843, 0.1491729864726037467878287, 0.1420961093183820513292983,
            0.1316886384491766268984945, 0.1181945319615184173123774, 0.1019301198172404350367501,
            0.0832767415767047487247581, 0.0626720483341090635695065, 0.0406014298003869413310400,
            0.0176140071391521183118620};

    /**
     * ln of the integral of e^(logF) over [lo, hi] by 20-point Gauss–Legendre: for integrands analytic
     * well beyond the interval (a short interval relative to the distance to the nearest singularity).
     */
    public static double logGaussLegendre(java.util.function.DoubleUnaryOperator logF, double lo, double hi) {
        double mid = 0.5 * (lo + hi);
        double half = 0.5 * (hi - lo);
        double[] values = new double[2 * GL_X.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < GL_X.length; i++) {
            values[2 * i] = logF.applyAsDouble(mid - half * GL_X[i]);
            values[2 * i + 1] = logF.applyAsDouble(mid + half * GL_X[i]);
            max = Math.max(max, Math.max(values[2 * i], values[2 * i + 1]));
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < GL_X.length; i++) {
            sum += GL_W[i] * (Math.exp(values[2 * i] - max) + Math.exp(values[2 * i + 1] - max));
        }
        return max + Math.log(sum * half);
    }

    /** Far enough that u reaches e^(−7e8): any integrable u^(a−1) with a above 1e-7 is covered. */
    private static final double T_MAX = 20;
    private static final int MAX_LEVEL = 8;

    /**
     * ln of the integral over (0, 1) of e^(logF) by tanh-sinh quadrature, refined level by level until
     * two levels agree to {@code relTol} (or, for a logarithm too large to resolve that finely, to a few ulps). Copes with integrable end-point singularities (u^(a−1) with
     * a &gt; 1e-7) and boundary layers far below the smallest double: the integrand receives ln u and
     * ln(1 − u) exactly, and u itself may underflow to 0, so it should work from the logarithms there.
     *
     * @throws ArithmeticException when the levels do not settle (an integrand that is not integrable)
     */
    public static double logTanhSinh(LogIntegrand logF, double relTol) {
        double h = 0.5;
        double shift = Double.NaN;
        double sum = 0;
        double previous = Double.NaN;
        for (int level = 0; level <= MAX_LEVEL; level++) {
            int step = level == 0 ? 1 : 2;
            for (int sign = -1; sign <= 1; sign += 2) {
                int negligible = 0;
                for (int k = level == 0 ? (sign < 0 ? 1 : 0) : 1; k * h <= T_MAX; k += step) {
                    double t = sign * k * h;
                    double s = 0.5 * Math.PI * Math.sinh(t);
                    double e = Math.exp(-2 * Math.abs(s));
                    double logSmall = -2 * Math.abs(s) - Math.log1p(e); // ln of the distance to the nearer end
                    double logLarge = -Math.log1p(e);                   // ln of the distance to the farther end
                    double small = Math.exp(logSmall);
                    double large = 1 / (1 + e);
                    double u = s >= 0 ? large : small;
                    double v = s >= 0 ? small : large;
                    double logU = s >= 0 ? logLarge : logSmall;
                    double logV = s >= 0 ? logSmall : logLarge;
                    double logTerm = logF.at(u, v, logU, logV) + logU + logV + Math.log(Math.PI * Math.cosh(t));
                    if (Double.isNaN(logTerm) || logTerm == Double.NEGATIVE_INFINITY) {
                        if (++negligible > 3 && Math.abs(t) > 3) {
                            break;
                        }
                        continue;
                    }
                    if (Double.isNaN(shift) || logTerm > shift) {
                        sum = Double.isNaN(shift) ? 0 : sum * Math.exp(shift - logTerm);
                        shift = logTerm;
                    }
                    sum += Math.exp(logTerm - shift);
                    // Past the middle, terms only shrink towards the ends: stop once they stop counting.
                    negligible = logTerm < shift - 50 ? negligible + 1 : 0;
                    if (negligible > 3 && Math.abs(t) > 3) {
                        break;
                    }
                }
            }
            if (Double.isNaN(shift)) {
                return Double.NEGATIVE_INFINITY;
            }
            double estimate = shift + Math.log(sum * h);
            // The estimate is a logarithm: where it is large (|ln I| in the thousands) a double resolves it only
            // to about 1e-12, so two levels "agree" once they differ by no more than a few of its ulps.
            if (level >= 3 && Math.abs(estimate - previous) <= Math.max(relTol, 8 * Math.ulp(estimate))) {
                return estimate;
            }
            previous = estimate;
            h /= 2;
        }
        throw new ArithmeticException("tanh-sinh quadrature did not settle to " + relTol + " (last estimate "
                + previous + ")");
    }
}
