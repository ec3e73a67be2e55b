package io.recall.predict.internal;

import static io.recall.predict.internal.SpecialFunctions.logGamma;

/**
 * Gamma-Gamma spend (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer
 * Base Analysis"; Fader and Hardie, "The Gamma-Gamma Model of Monetary Value", 2013). Pure functions.
 */
public final class GammaGammaMath {

    private GammaGammaMath() {
    }

    /** ln of the density of the mean spend z̄ of x &gt; 0 repeat purchases. */
    public static double logLikelihood(double p, double q, double gamma, int x, double meanSpend) {
        double px = p * x;
        return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(meanSpend)
                + px * Math.log(x) - (px + q) * Math.log(gamma + meanSpend * x);
    }

    /**
     * E[M | x, z̄] = p (γ + x z̄) / (p x + q − 1): the posterior mean of the customer's mean spend; for
     * x = 0 the population mean p γ / (q − 1). Infinite (the mean does not exist) when p x + q &lt;= 1.
     */
    public static double conditionalMeanSpend(double p, double q, double gamma, int x, double meanSpend) {
        double denominator = p * x + q - 1;
        if (!(denominator > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        return p * (gamma + x * meanSpend) / denominator;
    }

    /** The mean negative log-likelihood at θ = ln(p, q, γ) over columns of x &gt; 0 and mean spend &gt; 0. */
    public static double meanNegativeLogLikelihood(int[] x, double[] meanSpend, double[] weight, double total,
                                                   double[] theta) {
        double p = Math.exp(theta[0]);
        double q = Math.exp(theta[1]);
        double gamma = Math.exp(theta[2]);
        if (!(p > 0 && q > 0 && gamma > 0) || !Double.isFinite(p + q + gamma)) {
            return Double.POSITIVE_INFINITY;
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += weight[i] * logLikelihood(p, q, gamma, x[i], meanSpend[i]);
        }
        double value = -sum / total;
        return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }
}
