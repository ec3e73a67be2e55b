package io.recall.predict.internal;

import static io.recall.predict.internal.SpecialFunctions.digamma;
import static io.recall.predict.internal.SpecialFunctions.logAddExp;
import static io.recall.predict.internal.SpecialFunctions.logGamma;

/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy Way"): likelihood with its
 * analytic gradient, P(alive) and the conditional expectation. Pure static functions.
 */
public final class BgNbdMath {

    private BgNbdMath() {
    }

    /** ln L of one customer (equation 6 of the paper, the last term in log-sum-exp form). */
    public static double logLikelihood(double r, double alpha, double a, double b, int x, double tx, double age) {
        double ll = logGamma(r + x) - logGamma(r) + r * Math.log(alpha)
                + logGamma(b + x) + logGamma(a + b) - logGamma(b) - logGamma(a + b + x);
        double a3 = -(r + x) * Math.log(alpha + age);
        if (x == 0) {
            return ll + a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
        return ll + logAddExp(a3, a4);
    }

    /**
     * The mean negative log-likelihood over the patterns at log-parameters θ = ln(r, α, a, b), and its
     * gradient with respect to θ into {@code gradient} when not null.
     */
    public static double meanNegativeLogLikelihood(Patterns data, double[] theta, double[] gradient) {
        double r = Math.exp(theta[0]);
        double alpha = Math.exp(theta[1]);
        double a = Math.exp(theta[2]);
        double b = Math.exp(theta[3]);
        if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Double.isFinite(r + alpha + a + b)) {
            return Double.POSITIVE_INFINITY;
        }
        int nx = data.distinctX.length;
        double[] perX = new double[nx];
        double[] logB1 = new double[nx];
        double[] invB1 = new double[nx];
        double[] dr = gradient == null ? null : new double[nx];
        double[] da = gradient == null ? null : new double[nx];
        double[] db = gradient == null ? null : new double[nx];
        double lgR = logGamma(r);
        double lgB = logGamma(b);
        double lgAB = logGamma(a + b);
        double psiR = gradient == null ? 0 : digamma(r);
        double psiB = gradient == null ? 0 : digamma(b);
        double psiAB = gradient == null ? 0 : digamma(a + b);
        double logAlpha = Math.log(alpha);
        for (int k = 0; k < nx; k++) {
            int x = data.distinctX[k];
            perX[k] = logGamma(r + x) - lgR + r * logAlpha + logGamma(b + x) + lgAB - lgB - logGamma(a + b + x);
            if (x > 0) {
                logB1[k] = Math.log(b + x - 1);
                invB1[k] = 1 / (b + x - 1);
            }
            if (gradient != null) {
                double psiABX = digamma(a + b + x);
                dr[k] = digamma(r + x) - psiR + logAlpha;
                da[k] = psiAB - psiABX;
                db[k] = digamma(b + x) + psiAB - psiB - psiABX;
            }
        }
        int nt = data.distinctAge.length;
        double[] logAlphaT = new double[nt];
        for (int k = 0; k < nt; k++) {
            logAlphaT[k] = Math.log(alpha + data.distinctAge[k]);
        }
        double logA = Math.log(a);
        double sum = 0;
        double gr = 0;
        double gAlpha = 0;
        double ga = 0;
        double gb = 0;
        for (int i = 0; i < data.x.length; i++) {
            int k = data.xIndex[i];
            int x = data.x[i];
            double w = data.weight[i];
            double rx = r + x;
            double lT = logAlphaT[data.ageIndex[i]];
            double a3 = -rx * lT;
            double ll;
            double w3 = 1;
            double lTx = 0;
            if (x == 0) {
                ll = perX[k] + a3;
            } else {
                lTx = Math.log(alpha + data.tx[i]);
                double a4 = logA - logB1[k] - rx * lTx;
                double m = Math.max(a3, a4);
                double e3 = Math.exp(a3 - m);
                double e4 = Math.exp(a4 - m);
                ll = perX[k] + m + Math.log(e3 + e4);
                w3 = e3 / (e3 + e4);
            }
            sum += w * ll;
            if (gradient != null) {
                double w4 = 1 - w3;
                double invT = 1 / (alpha + data.age[i]);
                double invTx = x == 0 ? 0 : 1 / (alpha + data.tx[i]);
                gr += w * (dr[k] - w3 * lT - w4 * lTx);
                gAlpha += w * (r / alpha - rx * (w3 * invT + w4 * invTx));
                ga += w * (da[k] + w4 / a);
                gb += w * (db[k] - (x == 0 ? 0 : w4 * invB1[k]));
            }
        }
        double n = data.totalWeight;
        if (gradient != null) {
            gradient[0] = -gr * r / n;
            gradient[1] = -gAlpha * alpha / n;
            gradient[2] = -ga * a / n;
            gradient[3] = -gb * b / n;
        }
        double value = -sum / n;
        return Double.isFinite(value) ? value : Double.POSITIVE_INFINITY;
    }

    /** P(alive at T | x, t_x, T) (Fader, Hardie and Lee 2008, "Computing P(alive) Using the BG/NBD Model"). */
    public static double probabilityAlive(double r, double alpha, double a, double b, int x, double tx, double age) {
        if (x == 0) {
            return 1;
        }
        double logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log1p((age - tx) / (alpha + tx));
        return SpecialFunctions.logistic(logOdds);
    }

    /**
     * E[X(T, T + t) | x, t_x, T]: equation 10 of the paper, computed as
     * P(alive) · [c · (1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · W] with z = t / (α + T + t),
     * c = a + b + x − 1 and W the series of {@link Hypergeometric#bgNbdSeries} (Euler's transformation
     * of the paper's 2F1(r+x, b+x; c; z), with the removable singularity at a = 1 taken out). When z is
     * within 1e-4 of 1 or the series would cancel, the same expectation is integrated over the dropout
     * probability's posterior instead: E_p[(1 − (1 + p·t/(α+T))^−(r+x)) / p], p ~ Beta(a, b + x).
     */
    public static double conditionalExpectation(double r, double alpha, double a, double b, int x, double tx,
                                                double age, double t) {
        if (t == 0) {
            return 0;
        }
        double pAlive = probabilityAlive(r, alpha, a, b, x, tx, age);
        if (pAlive == 0) {
            return 0;
        }
        double q = t / (alpha + age);
        double z = t / (alpha + age + t);
        double ell = Math.log1p(q);
        double c = a + b + x - 1;
        double bigA = a + b - 1 - r;
        if (z <= 0.9999) {
            double first = c * SpecialFunctions.oneMinusExpOver(a - 1, ell);
            double scale = Math.exp(-(a - 1) * ell);
            double term = bigA * z;
            double sum = term;
            double largest = Math.abs(term);
            double tail = 1e-17 * (1 - z);
            boolean done = term == 0;
            for (int n = 1; n < 400_000 && !done; n++) {
                double ratio = (bigA + n) * (a + n - 1) / ((c + n) * (n + 1));
                term *= ratio * z;
                sum += term;
                double size = Math.abs(term);
                largest = Math.max(largest, size);
                done = term == 0 || (Math.abs(ratio) <= 1 && size <= tail * Math.abs(sum));
            }
            double perAlive = first - scale * sum;
            if (done && Double.isFinite(perAlive) && perAlive > 0 && largest * scale <= 1e5 * perAlive) {
                return pAlive * perAlive;
            }
        }
        return pAlive * integrated(r, a, b + x, x, q);
    }

    /** E_p[(1 − (1 + p q)^−(r+x)) / p] for p ~ Beta(a, bx), by tanh-sinh quadrature. */
    private static double integrated(double r, double a, double bx, int x, double q) {
        double m = r + x;
        double logBeta = SpecialFunctions.logBeta(a, bx);
        double log = Quadrature.logTanhSinh((p, oneMinusP, logP, logOneMinusP) -> {
            // g(p) = (1 − (1 + p q)^−m) / p. Where m p q is tiny (and p may be subnormal or 0) use its
            // expansion m q (1 − (m+1) p q / 2): dividing by a subnormal p would lose most digits.
            double pq = p * q;
            double g = (m + 1) * pq < 1e-8 ? m * q * (1 - 0.5 * (m + 1) * pq) : -Math.expm1(-m * Math.log1p(pq)) / p;
            return Math.log(g) + (a - 1) * logP + (bx - 1) * logOneMinusP - logBeta;
        }, 1e-12);
        return Math.exp(log);
    }
}
