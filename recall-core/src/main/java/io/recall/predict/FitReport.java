package io.recall.predict;

import java.util.Objects;

/**
 * How a model was fitted: on how many customers, to what log-likelihood, in how many steps, and how
 * precisely the data pin down each parameter.
 *
 * @param customers     customers fitted on (aggregated counts included)
 * @param logLikelihood the maximised log-likelihood, summed over customers
 * @param iterations    optimiser iterations (all runs together)
 * @param evaluations   likelihood evaluations
 * @param gradientNorm  the largest absolute gradient component of the mean log-likelihood with respect
 *                      to the log-parameters at the optimum
 * @param converged     whether the optimiser met its convergence criterion; a fit that does not throws
 *                      {@link FitException}, so a model always carries {@code true}
 * @param message       why the optimiser stopped
 * @param standardErrors the parameters' standard errors from the observed information, or why there are none
 */
public record FitReport(long customers, double logLikelihood, int iterations, int evaluations, double gradientNorm,
                        boolean converged, String message, StandardErrors standardErrors) {

    /** Validates the values. */
    public FitReport {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(standardErrors, "standardErrors");
        if (message.isBlank()) {
            throw new IllegalArgumentException("a fit report needs a message saying why the optimiser stopped");
        }
        if (customers < 1) {
            throw new IllegalArgumentException("a fit needs at least one customer but had " + customers);
        }
        if (!Double.isFinite(logLikelihood)) {
            throw new IllegalArgumentException("log-likelihood must be finite but was " + logLikelihood);
        }
        if (iterations < 0 || evaluations < 0) {
            throw new IllegalArgumentException("iterations and evaluations must be >= 0 but were " + iterations
                    + " and " + evaluations);
        }
        if (!(gradientNorm >= 0) || !Double.isFinite(gradientNorm)) {
            throw new IllegalArgumentException("gradient norm must be finite and >= 0 but was " + gradientNorm);
        }
    }
}
