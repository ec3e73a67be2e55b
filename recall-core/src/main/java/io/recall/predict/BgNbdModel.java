package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.predict.internal.BgNbdMath;
import io.recall.predict.internal.Optimizer;
import io.recall.predict.internal.Patterns;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BG/NBD model (Fader, Hardie and Lee 2005, "'Counting Your Customers' the Easy Way: An Alternative
 * to the Pareto/NBD Model", Marketing Science 24(2)). While active, a customer buys at a Poisson rate λ,
 * λ ~ Gamma(r, α) across customers; after each purchase they drop out with probability p,
 * p ~ Beta(a, b).
 *
 * <p>Fit it with {@link #fit(BtydData)} (maximum likelihood on the log-parameters, BFGS with the analytic
 * gradient), give it with {@link #of}, store it with {@link #toJson()}. Immutable and thread-safe; the
 * scoring methods are pure and allocate nothing on their usual path (an expectation for a horizon within
 * 10,000 times the customer's age, without numerical cancellation, is a series; beyond, a quadrature).
 */
public final class BgNbdModel implements PurchaseModel {

    /** The JSON {@code type}. */
    public static final String JSON_TYPE = "recall.btyd.bg-nbd";
    private static final List<String> NAMES = List.of("r", "alpha", "a", "b");
    private static final Set<String> FIELDS = ModelJson.fields("unit");

    private final double r;
    private final double alpha;
    private final double a;
    private final double b;
    private final PeriodUnit unit;
    private final Optional<FitReport> fit;

    private BgNbdModel(double r, double alpha, double a, double b, PeriodUnit unit, Optional<FitReport> fit) {
        Objects.requireNonNull(unit, "unit");
        Models.requirePositive("BG/NBD", NAMES, r, alpha, a, b);
        if (unit == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("BG/NBD is a continuous-time model: use days or weeks, not opportunities");
        }
        this.r = r;
        this.alpha = alpha;
        this.a = a;
        this.b = b;
        this.unit = unit;
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    /** A model with given parameters (α in the given unit). */
    public static BgNbdModel of(double r, double alpha, double a, double b, PeriodUnit unit) {
        return new BgNbdModel(r, alpha, a, b, unit, Optional.empty());
    }

    /**
     * Fits by maximum likelihood.
     *
     * @throws FitException when the optimiser does not converge or a parameter runs off
     */
    public static BgNbdModel fit(BtydData data) {
        Objects.requireNonNull(data, "data");
        if (data.unit() == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("BG/NBD needs data in days or weeks; opportunities are for BG/BB");
        }
        Patterns p = data.compressed();
        Optimizer.Objective objective = new Optimizer.Objective() {
            @Override
            public double value(double[] theta, double[] gradient) {
                return BgNbdMath.meanNegativeLogLikelihood(p, theta, gradient);
            }

            @Override
            public boolean hasGradient() {
                return true;
            }
        };
        double logScale = Math.log(1 / p.purchaseRate());
        Fitting.Fitted fitted = Fitting.fit("BG/NBD", NAMES, objective,
                List.of(new double[]{0, logScale, 0, 0}, new double[]{Math.log(0.5), logScale, Math.log(0.5), Math.log(2)}),
                data.customers(), p.totalWeight);
        double[] v = fitted.parameters();
        return new BgNbdModel(v[0], v[1], v[2], v[3], data.unit(), Optional.of(fitted.report()));
    }

    /** Fits on summaries in one unit; see {@link #fit(BtydData)}. */
    public static BgNbdModel fit(Collection<BtydSummary> summaries) {
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

    /** The first shape of the Beta distribution of dropout probabilities. */
    public double a() {
        return a;
    }

    /** The second shape of the Beta distribution of dropout probabilities. */
    public double b() {
        return b;
    }

    @Override
    public String name() {
        return "bgnbd";
    }

    @Override
    public PeriodUnit unit() {
        return unit;
    }

    @Override
    public Map<String, Double> parameters() {
        return ModelJson.named(NAMES, r, alpha, a, b);
    }

    @Override
    public Optional<FitReport> fit() {
        return fit;
    }

    /** {@inheritDoc} A customer without repeat purchases is alive with probability 1 under BG/NBD. */
    @Override
    public double probabilityAlive(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return BgNbdMath.probabilityAlive(r, alpha, a, b, repeatPurchases, timeOfLastPurchase, ageAtEnd);
    }

    @Override
    public double expectedPurchases(Horizon horizon, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return BgNbdMath.conditionalExpectation(r, alpha, a, b, repeatPurchases, timeOfLastPurchase, ageAtEnd,
                horizon.lengthIn(unit));
    }

    @Override
    public double expectedPurchasesOfNewCustomer(Horizon horizon) {
        return BgNbdMath.conditionalExpectation(r, alpha, a, b, 0, 0, 0, horizon.lengthIn(unit));
    }

    @Override
    public double logLikelihood(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, unit);
        return BgNbdMath.logLikelihood(r, alpha, a, b, repeatPurchases, timeOfLastPurchase, ageAtEnd);
    }

    @Override
    public String toJson() {
        ObjectNode root = ModelJson.header(JSON_TYPE);
        root.put("unit", unit.id());
        ModelJson.parameters(root, NAMES, r, alpha, a, b);
        ModelJson.fit(root, fit);
        return ModelJson.write(root);
    }

    /**
     * Reads a model written by {@link #toJson()} (or by hand).
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static BgNbdModel fromJson(String json) {
        JsonInput in = new JsonInput("BG/NBD model");
        JsonNode root = ModelJson.open(in, json, JSON_TYPE, FIELDS);
        Optional<PeriodUnit> unit = ModelJson.unit(in, root, Set.of(PeriodUnit.DAYS, PeriodUnit.WEEKS));
        double[] v = ModelJson.parameters(in, root, NAMES);
        Optional<FitReport> fit = ModelJson.fit(in, root, NAMES);
        in.throwIfProblems();
        return new BgNbdModel(v[0], v[1], v[2], v[3], unit.orElseThrow(), fit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BgNbdModel m && Double.compare(r, m.r) == 0 && Double.compare(alpha, m.alpha) == 0
                && Double.compare(a, m.a) == 0 && Double.compare(b, m.b) == 0 && unit == m.unit && fit.equals(m.fit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(r, alpha, a, b, unit, fit);
    }

    @Override
    public String toString() {
        return "BgNbdModel[r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + ", unit=" + unit.id() + "]";
    }
}
