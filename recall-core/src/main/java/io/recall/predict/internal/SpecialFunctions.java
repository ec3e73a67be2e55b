package io.recall.predict.internal;

/**
 * Log-gamma, digamma and the log-space helpers the likelihoods need. Pure functions of doubles, for
 * positive real arguments (every shape and scale parameter of the BTYD models is positive).
 */
public final class SpecialFunctions {

    private SpecialFunctions() {
    }

    private static final double HALF_LOG_TWO_PI = 0.9189385332046727417803297;

    // Lanczos coefficients for g = 607/128, n = 15 (P. Godfrey); relative error below 1e-15 on x >= 1/2.
    private static final double LANCZOS_G = 607.0 / 128.0;
    private static final double[] LANCZOS = {
            0.99999999999999709182,
            57.156235665862923517,
            -59.597960355475491248,
            14.136097974741747174,
            -0.49191381609762019978,
            .33994649984811888699e-4,
            .46523628927048575665e-4,
            -.98374475304879564677e-4,
            .15808870322491248884e-3,
            -.21026444172410488319e-3,
            .21743961811521264320e-3,
            -.16431810653676389022e-3,
            .84418223983852743293e-4,
            -.26190838401581408670e-4,
            .36899182659531622704e-5,
    };

    /**
     * ln Γ(x) for x &gt; 0: the Stirling series from 12 up (absolute error below 1e-15), Lanczos below,
     * with ln Γ(x) = ln Γ(x + 1) − ln x under 1/2.
     *
     * @throws IllegalArgumentException for x &lt;= 0 or NaN
     */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("logGamma needs x > 0 but got " + x);
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x >= 12) {
            return stirling(x);
        }
        if (x < 0.5) {
            // Near 0, ln Γ(x) ≈ −ln x; going through x + 1 keeps full relative precision.
            return lanczos(x + 1) - Math.log(x);
        }
        return lanczos(x);
    }

    private static double lanczos(double x) {
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (x + i - 1);
        }
        double t = x + LANCZOS_G - 0.5;
        return HALF_LOG_TWO_PI + (x - 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static double stirling(double x) {
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        // Bernoulli terms B(2k) / (2k (2k − 1) x^(2k−1)), k = 1..7.
        double series = inv * (1.0 / 12 + inv2 * (-1.0 / 360 + inv2 * (1.0 / 1260 + inv2 * (-1.0 / 1680
                + inv2 * (1.0 / 1188 + inv2 * (-691.0 / 360360 + inv2 * (1.0 / 156)))))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
    }

    /** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), for a, b &gt; 0. */
    public static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /**
     * ψ(x) = d/dx ln Γ(x) for x &gt; 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to 10, then the
     * asymptotic series (absolute error below 1e-15).
     */
    public static double digamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("digamma needs x > 0 but got " + x);
        }
        double shift = 0;
        while (x < 10) {
            shift -= 1.0 / x;
            x += 1;
        }
        double inv = 1.0 / x;
        double inv2 = inv * inv;
        double series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
                - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
        return shift + Math.log(x) - 0.5 * inv - series;
    }

    /** ln(e^a + e^b) without overflow; −∞ when both are −∞. */
    public static double logAddExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }

    /**
     * ln(1 − e^a) for a &lt;= 0, accurate at both ends (Mächler's log1mexp); −∞ at a = 0.
     */
    public static double log1mExp(double a) {
        if (a > 0) {
            throw new IllegalArgumentException("log1mExp needs a <= 0 but got " + a);
        }
        return a > -0.6931471805599453 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
    }

    /** 1 / (1 + e^x) without overflow: a probability from a log-odds of the complement. */
    public static double logistic(double logOddsAgainst) {
        if (logOddsAgainst > 0) {
            double e = Math.exp(-logOddsAgainst);
            return e / (1 + e);
        }
        return 1 / (1 + Math.exp(logOddsAgainst));
    }

    /**
     * (1 − e^(−k·L)) / k for L &gt;= 0, continuous through k = 0 (where it is L): the integral of
     * e^(−k·u) over [0, L].
     */
    public static double oneMinusExpOver(double k, double length) {
        double kl = k * length;
        if (Math.abs(kl) < 1e-8) {
            return length * (1 - kl / 2);
        }
        return -Math.expm1(-kl) / k;
    }
}
