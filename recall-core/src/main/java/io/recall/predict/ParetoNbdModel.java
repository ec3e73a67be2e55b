package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.predict.internal.ParetoNbdMath;
import io.recall.predict.internal.Optimizer;
import io.recall.predict.internal.Patterns;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987, "Counting Your Customers: Who Are They
 * and What Will They Do Next?", Management Science 33(1)), implemented as in Fader, Hardie and Lee
 * (2005), "A Note on Implementing the Pareto/NBD Model in MATLAB". While active, a customer buys at a
 * Poisson rate λ, λ ~ Gamma(r, α); their lifetime is exponential with rate μ, μ ~ Gamma(s, β).
 *
 * <p>Fit it with {@link #fit(BtydData)} (maximum likelihood on the log-parameters, BFGS with
 * central-difference gradients), give it with {@link #of}, store it with {@link #toJson()}. Immutable
 * and thread-safe; the scoring methods are pure. The hypergeometric function of the likelihood and
 * P(alive) is summed in a form that neither overflows nor cancels (see the internal ParetoNbdMath).
 */
public final class ParetoNbdModel implements PurchaseModel {

    /** The JSON {@code type}. */
    public static final String JSON_TYPE = "recall.btyd.pareto-nbd";
    private static final List<String> NAMES = List.of("r", "alpha", "s", "beta");
    private static final Set<String> FIELDS = ModelJson.fields("unit");

    private final double r;
    private final double alpha;
    private final double s;
    private final double beta;
    private final PeriodUnit unit;
    private final Optional<FitReport> fit;

    private ParetoNbdModel(double r, double alpha, double s, double beta, PeriodUnit unit, Optional<FitReport> fit) {
        Objects.requireNonNull(unit, "unit");
        Models.requirePositive("Pareto/NBD", NAMES, r, alpha, s, beta);
        if (unit == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("Pareto/NBD is a continuous-time model: use days or weeks, not opportunities");
        }
        this.r = r;
        this.alpha = alpha;
        this.s = s;
        this.beta = beta;
        this.unit = unit;
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    /** A model with given parameters (α in the given unit). */
    public static ParetoNbdModel of(double r, double alpha, double s, double beta, PeriodUnit unit) {
        return new ParetoNbdModel(r, alpha, s, beta, unit, Optional.empty());
    }

    /**
     * Fits by maximum likelihood.
     *
     * @throws FitException when the optimiser does not converge or a parameter runs off
     */
    public static ParetoNbdModel fit(BtydData data) {
        Objects.requireNonNull(data, "data");
        if (data.unit() == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("Pareto/NBD needs data in days or weeks; opportunities are for BG/BB");
        }
        Patterns p = data.compressed();
        Optimizer.Objective objective = Fitting.objective(theta -> ParetoNbdMath.meanNegativeLogLikelihood(p, theta));
        double logScale = Math.log(1 / p.purchaseRate());
        double logAge = Math.log(Math.max(p.meanAge(), 1e-3));
        Fitting.Fitted fitted = Fitting.fit("Pareto/NBD", NAMES, objective,
                List.of(new double[]{0, logScale, 0, logAge}, new double[]{Math.log(0.5), logScale, Math.log(0.5), logScale}),
                data.customers(), p.totalWeight);
        double[] v = fitted.parameters();
        return new ParetoNbdModel(v[0], v[1], v[2], v[3], data.unit(), Optional.of(fitted.report()));
    }

    /** Fits on summaries in one unit; see {@link #fit(BtydData)}. */
    public static ParetoNbdModel fit(Collection<BtydSummary> summaries) {
        return fit(BtydData.of(summaries));
    }

    /** The shape of the Gamma distribution of purchase rates. */
    public double r() {
        return r;
    }

    /** The rate (inverse scale) of the Gamma distribution of purchase rates, per {@link #unit()}. */
    public double alpha() {
        return alpha;
    }

    /** The shape of the Gamma distribution of dropout rates. */
    public double s() {
        return s;
    }

    /** The rate (inverse scale) of the Gamma distribution of dropout rates, per {@link #unit()}. */
    public double beta() {
        return beta;
    }

    @Override
    public String name() {
        return "pareto-nbd";
    }

    @Override
    public PeriodUnit unit() {
        return unit;
    }

    @Override
    public Map<String, Double> parameters() {
        return ModelJson.named(NAMES, r, alpha, s, beta);
    }

    @Override
    public Optional<FitReport> fit() {
        return fit;
    }

    @Override
    public double probabilityAlive(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return ParetoNbdMath.probabilityAlive(r, alpha, s, beta, repeatPurchases, timeOfLastPurchase, ageAtEnd);
    }

    @Override
    public double expectedPurchases(Horizon horizon, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return ParetoNbdMath.conditionalExpectation(r, alpha, s, beta, repeatPurchases, timeOfLastPurchase, ageAtEnd,
                horizon.lengthIn(unit));
    }

    @Override
    public double expectedPurchasesOfNewCustomer(Horizon horizon) {
        return ParetoNbdMath.conditionalExpectation(r, alpha, s, beta, 0, 0, 0, horizon.lengthIn(unit));
    }

    @Override
    public double logLikelihood(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return ParetoNbdMath.logLikelihood(r, alpha, s, beta, repeatPurchases, timeOfLastPurchase, ageAtEnd);
    }

    @Override
    public String toJson() {
        ObjectNode root = ModelJson.header(JSON_TYPE);
        root.put("unit", unit.id());
        ModelJson.parameters(root, NAMES, r, alpha, s, beta);
        ModelJson.fit(root, fit);
        return ModelJson.write(root);
    }

    /**
     * Reads a model written by {@link #toJson()} (or by hand).
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static ParetoNbdModel fromJson(String json) {
        JsonInput in = new JsonInput("Pareto/NBD model");
        JsonNode root = ModelJson.open(in, json, JSON_TYPE, FIELDS);
        Optional<PeriodUnit> unit = ModelJson.unit(in, root, Set.of(PeriodUnit.DAYS, PeriodUnit.WEEKS));
        double[] v = ModelJson.parameters(in, root, NAMES);
        Optional<FitReport> fit = ModelJson.fit(in, root, NAMES);
        in.throwIfProblems();
        return new ParetoNbdModel(v[0], v[1], v[2], v[3], unit.orElseThrow(), fit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParetoNbdModel m && Double.compare(r, m.r) == 0 && Double.compare(alpha, m.alpha) == 0
                && Double.compare(s, m.s) == 0 && Double.compare(beta, m.beta) == 0 && unit == m.unit && fit.equals(m.fit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(r, alpha, s, beta, unit, fit);
    }

    @Override
    public String toString() {
        return "ParetoNbdModel[r=" + r + ", alpha=" + alpha + ", s=" + s + ", beta=" + beta + ", unit=" + unit.id() + "]";
    }
}
