package io.recall.predict.internal;

import static io.recall.predict.internal.SpecialFunctions.logAddExp;
import static io.recall.predict.internal.SpecialFunctions.logGamma;

/**
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987), implemented as in Fader, Hardie and Lee, "A Note
 * on Implementing the Pareto/NBD Model in MATLAB" (2005): likelihood, P(alive) and the conditional
 * expectation. Pure static functions.
 *
 * <p>The likelihood is L = Γ(r+x) α^r β^s / Γ(r) · [(α+T)^−(r+x) (β+T)^−s + s·I] with
 * I = ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, the note's A0 times s / (r+s+x). I is taken
 * <ul>
 *   <li>by 20-point Gauss–Legendre when [t_x, T] is short against the integrand's scale (there the
 *       note's difference of two hypergeometric terms would cancel);</li>
 *   <li>otherwise as that difference, each term from the Euler-transformed series
 *       {@link Hypergeometric#logF1} with the note's choice of argument z = |α−β| / (max(α,β) + t);</li>
 *   <li>by tanh-sinh quadrature when z exceeds {@link Hypergeometric#SERIES_MAX_Z}.</li>
 * </ul>
 */
public final class ParetoNbdMath {

    private ParetoNbdMath() {
    }

    /** ln L of one customer. */
    public static double logLikelihood(double r, double alpha, double s, double beta, int x, double tx, double age) {
        double base = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
        return base + logAddExp(logSurvivor(r, alpha, s, beta, x, age), Math.log(s) + logIntegral(r, alpha, s, beta, x, tx, age));
    }

    private static double logSurvivor(double r, double alpha, double s, double beta, int x, double age) {
        return -(r + x) * Math.log(alpha + age) - s * Math.log(beta + age);
    }

    /** P(alive at T | x, t_x, T) = 1 / (1 + s · I · (α+T)^(r+x) (β+T)^s). */
    public static double probabilityAlive(double r, double alpha, double s, double beta, int x, double tx, double age) {
        double logOdds = Math.log(s) + logIntegral(r, alpha, s, beta, x, tx, age) - logSurvivor(r, alpha, s, beta, x, age);
        return SpecialFunctions.logistic(logOdds);
    }

    /**
     * E[X(T, T + t) | x, t_x, T] = P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
     * continuous through s = 1 (where the bracket over s−1 is ln((β+T+t)/(β+T))).
     */
    public static double conditionalExpectation(double r, double alpha, double s, double beta, int x, double tx,
                                                double age, double t) {
        if (t == 0) {
            return 0;
        }
        double pAlive = probabilityAlive(r, alpha, s, beta, x, tx, age);
        double growth = SpecialFunctions.oneMinusExpOver(s - 1, Math.log1p(t / (beta + age)));
        return pAlive * (r + x) * (beta + age) / (alpha + age) * growth;
    }

    /** ln I, I = ∫ from t_x to T of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ; −∞ when t_x = T. */
    public static double logIntegral(double r, double alpha, double s, double beta, int x, double tx, double age) {
        if (!(age > tx)) {
            return Double.NEGATIVE_INFINITY;
        }
        double m = r + x;
        double spread = (age - tx) * (m / (alpha + tx) + (s + 1) / (beta + tx));
        if (spread <= 2) {
            return logGaussLegendre(m, alpha, s, beta, tx, age);
        }
        double k = r + s + x;
        double zAtTx = Math.abs(alpha - beta) / (Math.max(alpha, beta) + tx);
        if (zAtTx <= Hypergeometric.SERIES_MAX_Z) {
            double upper = logTail(r, alpha, s, beta, x, tx, k);
            double lower = logTail(r, alpha, s, beta, x, age, k);
            if (lower < upper) {
                return upper + SpecialFunctions.log1mExp(lower - upper) - Math.log(k);
            }
        }
        return integrated(m, alpha, s, beta, tx, age);
    }

    /** 20-point Gauss–Legendre of the integrand over [lo, hi], in log space, without allocating. */
    private static double logGaussLegendre(double m, double alpha, double s, double beta, double lo, double hi) {
        double mid = 0.5 * (lo + hi);
        double half = 0.5 * (hi - lo);
        // Scale by the integrand at the left end, its largest value (it decreases in τ).
        double shift = -m * Math.log(alpha + lo) - (s + 1) * Math.log(beta + lo);
        double sum = 0;
        for (int i = 0; i < Quadrature.GL_X.length; i++) {
            double left = mid - half * Quadrature.GL_X[i];
            double right = mid + half * Quadrature.GL_X[i];
            double fl = -m * Math.log(alpha + left) - (s + 1) * Math.log(beta + left);
            double fr = -m * Math.log(alpha + right) - (s + 1) * Math.log(beta + right);
            sum += Quadrature.GL_W[i] * (Math.exp(fl - shift) + Math.exp(fr - shift));
        }
        return shift + Math.log(sum * half);
    }

    /**
     * ln F(t), F(t) = (r+s+x) ∫ from t to ∞ of (α+τ)^−(r+x) (β+τ)^−(s+1) dτ: the note's
     * 2F1(·; z(t)) / (max(α,β)+t)^(r+s+x), after Euler's transformation.
     */
    private static double logTail(double r, double alpha, double s, double beta, int x, double t, double k) {
        double m = r + x;
        if (alpha >= beta) {
            double z = (alpha - beta) / (alpha + t);
            return Hypergeometric.logF1(m, k + 1, z) - s * Math.log(beta + t) - m * Math.log(alpha + t);
        }
        double z = (beta - alpha) / (beta + t);
        return Hypergeometric.logF1(s + 1, k + 1, z) - (m - 1) * Math.log(alpha + t) - (s + 1) * Math.log(beta + t);
    }

    private static double integrated(double m, double alpha, double s, double beta, double tx, double age) {
        // The integrand decreases in τ and its logarithm is convex, so it lies above its tangent at t_x: the
        // integral is at least f(t_x)·L with L = (T − t_x) / spread. Past the point where ln f has fallen by
        // 40 + ln(spread) the rest adds less than e^−40 of that, so the quadrature stops there instead of
        // chasing a boundary layer many thousands of times narrower than [t_x, T] (it would not settle).
        double spread = (age - tx) * (m / (alpha + tx) + (s + 1) / (beta + tx));
        double drop = 40 + Math.log(Math.max(1, spread));
        double top = logIntegrand(m, alpha, s, beta, tx);
        double end = age;
        if (top - logIntegrand(m, alpha, s, beta, age) > drop) {
            double lo = tx;
            for (int i = 0; i < 100 && end - lo > 1e-15 * end; i++) {
                double mid = 0.5 * (lo + end);
                if (top - logIntegrand(m, alpha, s, beta, mid) > drop) {
                    end = mid;
                } else {
                    lo = mid;
                }
            }
        }
        return integratedOver(m, alpha, s, beta, tx, end);
    }

    private static double logIntegrand(double m, double alpha, double s, double beta, double tau) {
        return -m * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau);
    }

    private static double integratedOver(double m, double alpha, double s, double beta, double tx, double age) {
        double width = age - tx;
        double logWidth = Math.log(width);
        return Quadrature.logTanhSinh((u, oneMinusU, logU, logOneMinusU) -> {
            // Near T, measure from T so that τ keeps its precision.
            double tau = u < 0.5 ? tx + width * u : age - width * oneMinusU;
            return -m * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau) + logWidth;
        }, 1e-13);
    }

    /** The mean negative log-likelihood over the patterns at θ = ln(r, α, s, β). */
    public static double meanNegativeLogLikelihood(Patterns data, double[] theta) {
        double r = Math.exp(theta[0]);
        double alpha = Math.exp(theta[1]);
        double s = Math.exp(theta[2]);
        double beta = Math.exp(theta[3]);
        if (!(r > 0 && alpha > 0 && s > 0 && beta > 0) || !Double.isFinite(r + alpha + s + beta)) {
            return Double.POSITIVE_INFINITY;
        }
        int nx = data.distinctX.length;
        double[] perX = new double[nx];
        double lgR = logGamma(r);
        double fixed = r * Math.log(alpha) + s * Math.log(beta);
        for (int k = 0; k < nx; k++) {
            perX[k] = logGamma(r + data.distinctX[k]) - lgR + fixed;
        }
        double logS = Math.log(s);
        double sum = 0;
        for (int i = 0; i < data.x.length; i++) {
            int x = data.x[i];
            double ll = perX[data.xIndex[i]] + logAddExp(logSurvivor(r, alpha, s, beta, x, data.age[i]),
                    logS + logIntegral(r, alpha, s, beta, x, data.tx[i], data.age[i]));
            sum += data.weight[i] * ll;
        }
        double value = -sum / data.totalWeight;
        return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }
}
