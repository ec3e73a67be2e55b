package io.recall.benchmarks;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;
import org.apache.commons.math3.special.Gamma;

/**
 * The peer: what a developer writes with Apache Commons Math 3.6.1 — the BG/NBD log-likelihood of the
 * paper (equation 6, the last term in log-sum-exp form, Commons Math's {@code Gamma.logGamma}) summed
 * over every customer, on log-parameters, minimised by a general-purpose derivative-free optimiser.
 * Nelder–Mead is restarted from its result until a restart gains less than 1e-9 (a single run stops
 * early on this likelihood), so that it reaches the same optimum as Recall.
 */
final class CommonsMathBgNbd {

    enum Method { NELDER_MEAD, BOBYQA }

    private CommonsMathBgNbd() {
    }

    static double logLikelihood(double[] theta, CdnowSummary d) {
        double r = Math.exp(theta[0]);
        double alpha = Math.exp(theta[1]);
        double a = Math.exp(theta[2]);
        double b = Math.exp(theta[3]);
        double sum = 0;
        for (int i = 0; i < d.x().length; i++) {
            int x = d.x()[i];
            double ll = Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
                    + Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
            double a3 = -(r + x) * Math.log(alpha + d.age()[i]);
            if (x > 0) {
                double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + d.tx()[i]);
                double max = Math.max(a3, a4);
                ll += max + Math.log(Math.exp(a3 - max) + Math.exp(a4 - max));
            } else {
                ll += a3;
            }
            sum += ll;
        }
        return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
    }

    static BgNbdFitter.Fit fit(CdnowSummary d, Method method) {
        MultivariateFunction negative = theta -> -logLikelihood(theta, d) / d.x().length;
        double purchases = 0;
        double time = 0;
        for (int i = 0; i < d.x().length; i++) {
            purchases += d.x()[i];
            time += d.age()[i];
        }
        double[] start = {0, Math.log(time / purchases), 0, 0};
        PointValuePair best;
        if (method == Method.NELDER_MEAD) {
            SimplexOptimizer optimizer = new SimplexOptimizer(new SimpleValueChecker(1e-12, 1e-14));
            best = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(negative), GoalType.MINIMIZE,
                    new InitialGuess(start), new NelderMeadSimplex(4, 0.5));
            for (int restart = 0; restart < 20; restart++) {
                PointValuePair again = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(negative),
                        GoalType.MINIMIZE, new InitialGuess(best.getPoint()), new NelderMeadSimplex(4, 0.1));
                boolean settled = best.getValue() - again.getValue() < 1e-9 / d.x().length;
                best = again.getValue() < best.getValue() ? again : best;
                if (settled) {
                    break;
                }
            }
        } else {
            BOBYQAOptimizer optimizer = new BOBYQAOptimizer(2 * 4 + 1, 0.5, 1e-9);
            best = optimizer.optimize(new MaxEval(200_000), new ObjectiveFunction(negative), GoalType.MINIMIZE,
                    new InitialGuess(start), SimpleBounds.unbounded(4));
        }
        double[] p = best.getPoint();
        return new BgNbdFitter.Fit(Math.exp(p[0]), Math.exp(p[1]), Math.exp(p[2]), Math.exp(p[3]),
                logLikelihood(p, d));
    }
}
