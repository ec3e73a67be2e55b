package io.recall.predict.internal;

import static io.recall.predict.internal.SpecialFunctions.logAddExp;
import static io.recall.predict.internal.SpecialFunctions.logBeta;
import static io.recall.predict.internal.SpecialFunctions.logGamma;

/**
 * BG/BB (Fader, Hardie and Shang 2010, "Customer-Base Analysis in a Discrete-Time Noncontractual
 * Setting"): likelihood (equation 5), P(alive) (equation 11) and the conditional expectation
 * (equation 13), in log space. Pure static functions; x, t_x and n are whole numbers of transaction
 * opportunities.
 */
public final class BgBbMath {

    private BgBbMath() {
    }

    /** ln L(α, β, γ, δ | x, t_x, n). */
    public static double logLikelihood(double alpha, double beta, double gamma, double delta, int x, int tx, int n) {
        double lbAB = logBeta(alpha, beta);
        double lbGD = logBeta(gamma, delta);
        double result = logBeta(alpha + x, beta + n - x) - lbAB + logBeta(gamma, delta + n) - lbGD;
        for (int i = 0; i < n - tx; i++) {
            result = logAddExp(result, logBeta(alpha + x, beta + tx - x + i) - lbAB
                    + logBeta(gamma + 1, delta + tx + i) - lbGD);
        }
        return result;
    }

    /** P(alive at opportunity n + 1 | x, t_x, n). */
    public static double probabilityAlive(double alpha, double beta, double gamma, double delta, int x, int tx, int n) {
        double alive = logBeta(alpha + x, beta + n - x) - logBeta(alpha, beta) + logBeta(gamma, delta + n + 1)
                - logBeta(gamma, delta);
        return Math.min(1, Math.exp(alive - logLikelihood(alpha, beta, gamma, delta, x, tx, n)));
    }

    /** E[X(n, n + nStar) | x, t_x, n]: expected transactions in the next nStar opportunities. */
    public static double conditionalExpectation(double alpha, double beta, double gamma, double delta, int x, int tx,
                                                int n, int nStar) {
        if (nStar == 0) {
            return 0;
        }
        double logFront = logBeta(alpha + x + 1, beta + n - x) - logBeta(alpha, beta)
                - logLikelihood(alpha, beta, gamma, delta, x, tx, n);
        double dN = logGamma(1 + delta + n) - logGamma(gamma + delta + n);
        double dNStar = logGamma(1 + delta + n + nStar) - logGamma(gamma + delta + n + nStar);
        double ratio;
        if (Math.abs(gamma - 1) < 1e-7) {
            // [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)] / (γ−1) at γ → 1.
            ratio = SpecialFunctions.digamma(1 + delta + n + nStar) - SpecialFunctions.digamma(1 + delta + n);
        } else {
            ratio = -Math.expm1(dNStar - dN) / (gamma - 1);
        }
        double logConst = Math.log(delta) + logGamma(gamma + delta) - logGamma(1 + delta) + dN;
        return Math.exp(logFront + logConst) * ratio;
    }

    /**
     * The mean negative log-likelihood over the patterns at θ = ln(α, β, γ, δ); the patterns' t_x and T
     * hold whole numbers.
     */
    public static double meanNegativeLogLikelihood(Patterns data, double[] theta) {
        double alpha = Math.exp(theta[0]);
        double beta = Math.exp(theta[1]);
        double gamma = Math.exp(theta[2]);
        double delta = Math.exp(theta[3]);
        if (!(alpha > 0 && beta > 0 && gamma > 0 && delta > 0) || !Double.isFinite(alpha + beta + gamma + delta)) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < data.x.length; i++) {
            sum += data.weight[i] * logLikelihood(alpha, beta, gamma, delta, data.x[i], (int) data.tx[i], (int) data.age[i]);
        }
        double value = -sum / data.totalWeight;
        return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }
}
