package io.recall.predict;

import io.recall.predict.internal.Optimizer;

import java.util.List;
import java.util.Locale;

/** Runs the optimiser on log-parameters and turns its outcome into parameters and a report, or a FitException. */
final class Fitting {

    /** Beyond e^±30 a parameter has run off: the data do not identify it. */
    private static final double LOG_LIMIT = 30;

    private Fitting() {
    }

    record Fitted(double[] parameters, FitReport report) {
    }

    /**
     * Minimises the mean negative log-likelihood {@code objective} from the first start, and from the next
     * ones only while none has converged.
     */
    static Fitted fit(String model, List<String> names, Optimizer.Objective objective, List<double[]> starts,
                      long customers, double totalWeight) {
        Optimizer.Result best = null;
        int iterations = 0;
        int evaluations = 0;
        for (double[] start : starts) {
            Optimizer.Result result = Optimizer.minimize(objective, start, Optimizer.Settings.DEFAULT);
            iterations += result.iterations();
            evaluations += result.evaluations();
            if (Double.isFinite(result.value()) && (best == null || better(result, best))) {
                best = result;
            }
            if (best != null && best.converged()) {
                // Further starts are for when a start fails, not a search for other optima.
                break;
            }
        }
        if (best == null) {
            throw new FitException(model + " fit failed: the likelihood is not finite at any starting point", null);
        }
        double logLikelihood = -best.value() * totalWeight;
        double[] theta = best.theta();
        double[] parameters = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            parameters[i] = Math.exp(theta[i]);
        }
        FitReport report = Double.isFinite(logLikelihood) && Double.isFinite(best.gradientNorm())
                ? new FitReport(customers, logLikelihood, iterations, evaluations, best.gradientNorm(), best.converged(),
                best.message()) : null;
        for (int i = 0; i < theta.length; i++) {
            if (Math.abs(theta[i]) > LOG_LIMIT || !(parameters[i] > 0) || !Double.isFinite(parameters[i])) {
                throw new FitException(String.format(Locale.ROOT, "%s fit failed: parameter %s ran off to %.3g; the data "
                        + "do not identify it (log-likelihood %.6g after %d iterations)", model, names.get(i), parameters[i],
                        logLikelihood, iterations), report);
            }
        }
        if (!best.converged() || report == null) {
            throw new FitException(String.format(Locale.ROOT, "%s fit did not converge: %s (log-likelihood %.6g after %d "
                    + "iterations)", model, best.message(), logLikelihood, iterations), report);
        }
        requireIdentified(model, names, objective, best.theta(), totalWeight, logLikelihood, iterations, report);
        return new Fitted(parameters, new FitReport(customers, logLikelihood, iterations, evaluations,
                best.gradientNorm(), true, best.message()));
    }

    /**
     * A small gradient is not enough: on a likelihood that is flat in some direction (nobody ever comes
     * back, so nothing pins down the dropout process) the optimiser stops anywhere. The curvature of the
     * mean log-likelihood must be clearly positive in every direction: its smallest eigenvalue λ must
     * exceed 1e-7 (numerical noise) and give the log-parameters a standard error 1/√(Nλ) below 10.
     */
    private static void requireIdentified(String model, List<String> names, Optimizer.Objective objective,
                                          double[] theta, double totalWeight, double logLikelihood, int iterations,
                                          FitReport report) {
        double[] values = new double[theta.length];
        double[][] vectors = Optimizer.symmetricEigen(Optimizer.hessian(objective, theta), values);
        double smallest = values[0];
        if (smallest > 1e-7 && smallest * totalWeight > 1e-2) {
            return;
        }
        List<String> flat = new java.util.ArrayList<>();
        for (int i = 0; i < theta.length; i++) {
            if (Math.abs(vectors[i][0]) > 0.3) {
                flat.add(names.get(i));
            }
        }
        throw new FitException(String.format(Locale.ROOT, "%s fit failed: the data do not identify %s (the "
                        + "log-likelihood %.6g is flat or not a maximum in that direction, curvature %.3g after %d "
                        + "iterations); with too few repeat purchases a simpler model fits better", model,
                String.join(" and ", flat), logLikelihood, smallest, iterations), report);
    }

    private static boolean better(Optimizer.Result a, Optimizer.Result b) {
        if (a.converged() != b.converged()) {
            return a.converged();
        }
        return a.value() < b.value();
    }

    static Optimizer.Objective objective(java.util.function.ToDoubleFunction<double[]> f) {
        return new Optimizer.Objective() {
            @Override
            public double value(double[] theta, double[] gradient) {
                return f.applyAsDouble(theta);
            }

            @Override
            public boolean hasGradient() {
                return false;
            }
        };
    }
}
