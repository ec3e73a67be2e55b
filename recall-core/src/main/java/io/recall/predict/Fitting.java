package io.recall.predict;

import io.recall.predict.internal.Curvature;
import io.recall.predict.internal.Optimizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
                best.message(), StandardErrors.unavailable("the fit failed")) : null;
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
        Curvature.Result curvature = Curvature.at(objective, theta, Curvature.STEP);
        requireIdentified(model, names, curvature.hessian(), totalWeight, logLikelihood, iterations, report);
        StandardErrors errors = standardErrors(names, theta, curvature.gradient(), curvature.hessian(), totalWeight);
        return new Fitted(parameters, new FitReport(customers, logLikelihood, iterations, evaluations,
                best.gradientNorm(), true, best.message(), errors));
    }

    /**
     * Standard errors of the parameters φ = e^θ from the observed information: the Hessian of the total
     * negative log-likelihood with respect to φ is D⁻¹ N (H − diag g) D⁻¹, where H and g are the Hessian and
     * gradient of the mean negative log-likelihood in θ, N the total weight and D = diag(φ); so the
     * covariance of φ is D [N (H − diag g)]⁻¹ D. Working in θ keeps the matrix well scaled (α and r differ by
     * orders of magnitude); the g term vanishes at an exact optimum, and is kept because a fit stops at a
     * small gradient, not a zero one.
     *
     * @return the standard errors, or why there are none when the matrix is not positive definite
     */
    static StandardErrors standardErrors(List<String> names, double[] theta, double[] gradient, double[][] hessian,
                                         double totalWeight) {
        int n = theta.length;
        double[][] information = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                information[i][j] = totalWeight * (hessian[i][j] - (i == j ? gradient[i] : 0));
                if (!Double.isFinite(information[i][j])) {
                    return StandardErrors.unavailable(String.format(Locale.ROOT, "the Hessian of the negative "
                            + "log-likelihood is not finite at the optimum (entry %s, %s)", names.get(i), names.get(j)));
                }
            }
        }
        double[] values = new double[n];
        double[][] vectors = Optimizer.symmetricEigen(information, values);
        if (!(values[0] > 0)) {
            List<String> along = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (Math.abs(vectors[i][0]) > 0.3) {
                    along.add(names.get(i));
                }
            }
            return StandardErrors.unavailable(String.format(Locale.ROOT, "the Hessian of the negative log-likelihood "
                    + "is not positive definite at the optimum (smallest eigenvalue %.3g, along %s): the data do not pin "
                    + "the parameters down, so there is no covariance to report", values[0], String.join(" and ", along)));
        }
        Map<String, Double> errors = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double variance = 0;
            for (int k = 0; k < n; k++) {
                variance += vectors[i][k] * vectors[i][k] / values[k];
            }
            double se = Math.exp(theta[i]) * Math.sqrt(variance);
            if (!(se > 0) || !Double.isFinite(se)) {
                return StandardErrors.unavailable(String.format(Locale.ROOT, "the standard error of %s is not finite "
                        + "(%s)", names.get(i), se));
            }
            errors.put(names.get(i), se);
        }
        return StandardErrors.of(errors);
    }

    /**
     * A small gradient is not enough: on a likelihood that is flat in some direction (nobody ever comes
     * back, so nothing pins down the dropout process) the optimiser stops anywhere. The curvature of the
     * mean log-likelihood must be clearly positive in every direction: its smallest eigenvalue λ must
     * exceed 1e-7 (numerical noise) and give the log-parameters a standard error 1/√(Nλ) below 10.
     */
    private static void requireIdentified(String model, List<String> names, double[][] hessian, double totalWeight,
                                          double logLikelihood, int iterations, FitReport report) {
        int n = hessian.length;
        double[] values = new double[n];
        for (double[] row : hessian) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new FitException(String.format(Locale.ROOT, "%s fit failed: the log-likelihood %.6g is not "
                            + "finite near the optimum after %d iterations", model, logLikelihood, iterations), report);
                }
            }
        }
        double[][] vectors = Optimizer.symmetricEigen(hessian, values);
        double smallest = values[0];
        if (smallest > 1e-7 && smallest * totalWeight > 1e-2) {
            return;
        }
        List<String> flat = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
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
