package io.recall.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The standard errors of a fit's parameters, from the inverse of the observed information (the Hessian of
 * the negative log-likelihood at the optimum, with respect to the parameters as the model names them), or
 * why there are none: a Hessian that is not positive definite has no inverse that is a covariance, and is
 * reported as such rather than as NaN.
 *
 * <p>They are asymptotic: ± 1.96 standard errors is an approximate 95% interval, good when there are
 * many customers and poor for parameters near 0.
 *
 * @param byParameter parameter name → standard error (finite, &gt; 0), in the model's order; empty exactly
 *                    when {@code unavailable} is present
 * @param unavailable why there are no standard errors
 */
public record StandardErrors(Map<String, Double> byParameter, Optional<String> unavailable) {

    /** Validates that exactly one of the two is given and copies the map, keeping its order. */
    public StandardErrors {
        Objects.requireNonNull(byParameter, "byParameter");
        Objects.requireNonNull(unavailable, "unavailable");
        if (byParameter.isEmpty() == unavailable.isEmpty()) {
            throw new IllegalArgumentException("standard errors need either values or the reason there are none, not "
                    + (byParameter.isEmpty() ? "neither" : "both"));
        }
        unavailable.ifPresent(reason -> {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("the reason there are no standard errors must not be blank");
            }
        });
        Map<String, Double> copy = new LinkedHashMap<>();
        byParameter.forEach((name, se) -> {
            Objects.requireNonNull(name, "parameter name");
            if (se == null || !(se > 0) || !Double.isFinite(se)) {
                throw new IllegalArgumentException("the standard error of " + name + " must be finite and > 0 but was " + se);
            }
            copy.put(name, se);
        });
        byParameter = Collections.unmodifiableMap(copy);
    }

    /** Standard errors by parameter name, in the model's order. */
    public static StandardErrors of(Map<String, Double> byParameter) {
        return new StandardErrors(byParameter, Optional.empty());
    }

    /** No standard errors, and why. */
    public static StandardErrors unavailable(String reason) {
        return new StandardErrors(Map.of(), Optional.of(reason));
    }

    /** Whether there are standard errors. */
    public boolean available() {
        return unavailable.isEmpty();
    }

    /** The standard error of one parameter, when there are standard errors and the model has it. */
    public Optional<Double> forParameter(String parameter) {
        return Optional.ofNullable(byParameter.get(parameter));
    }
}
