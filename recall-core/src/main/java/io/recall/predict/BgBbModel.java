package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.predict.internal.BgBbMath;
import io.recall.predict.internal.Optimizer;
import io.recall.predict.internal.Patterns;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The BG/BB model (Fader, Hardie and Shang 2010, "Customer-Base Analysis in a Discrete-Time
 * Noncontractual Setting", Marketing Science 29(6)) for discrete transaction opportunities (a yearly
 * fundraiser, a weekly market): while active, a customer transacts at each opportunity with probability
 * p, p ~ Beta(α, β); before each opportunity they drop out with probability θ, θ ~ Beta(γ, δ).
 *
 * <p>Time is counted in {@link PeriodUnit#OPPORTUNITIES}: x repeat transactions, the last at opportunity
 * t_x, out of n opportunities since the first; horizons are whole numbers of opportunities.
 * {@link #probabilityAlive} is the probability of being active at opportunity n + 1. Immutable and
 * thread-safe; the scoring methods are pure.
 */
public final class BgBbModel implements PurchaseModel {

    /** The JSON {@code type}. */
    public static final String JSON_TYPE = "recall.btyd.bg-bb";
    private static final List<String> NAMES = List.of("alpha", "beta", "gamma", "delta");
    private static final Set<String> FIELDS = ModelJson.fields("unit");

    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double delta;
    private final Optional<FitReport> fit;

    private BgBbModel(double alpha, double beta, double gamma, double delta, Optional<FitReport> fit) {
        Models.requirePositive("BG/BB", NAMES, alpha, beta, gamma, delta);
        this.alpha = alpha;
        this.beta = beta;
        this.gamma = gamma;
        this.delta = delta;
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    /** A model with given parameters. */
    public static BgBbModel of(double alpha, double beta, double gamma, double delta) {
        return new BgBbModel(alpha, beta, gamma, delta, Optional.empty());
    }

    /**
     * Fits by maximum likelihood on data in {@link PeriodUnit#OPPORTUNITIES} (BFGS on the log-parameters
     * with central-difference gradients).
     *
     * @throws FitException              when the optimiser does not converge or a parameter runs off
     * @throws IllegalArgumentException when no customer has an opportunity after their first transaction
     */
    public static BgBbModel fit(BtydData data) {
        Objects.requireNonNull(data, "data");
        if (data.unit() != PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("BG/BB needs data in opportunities but got " + data.unit().id());
        }
        Patterns p = data.compressed();
        if (java.util.Arrays.stream(p.age).allMatch(n -> n == 0)) {
            throw new IllegalArgumentException("BG/BB needs customers with opportunities after their first transaction, "
                    + "but all " + data.customers() + " have n = 0: the data say nothing about the parameters (with "
                    + "opportunities from dates, choose a shorter period or a later as-of date)");
        }
        Optimizer.Objective objective = Fitting.objective(theta -> BgBbMath.meanNegativeLogLikelihood(p, theta));
        Fitting.Fitted fitted = Fitting.fit("BG/BB", NAMES, objective,
                List.of(new double[]{0, 0, 0, 0}, new double[]{Math.log(0.5), Math.log(2), Math.log(0.5), Math.log(2)}),
                data.customers(), p.totalWeight);
        double[] v = fitted.parameters();
        return new BgBbModel(v[0], v[1], v[2], v[3], Optional.of(fitted.report()));
    }

    /** Fits on summaries in opportunities; see {@link #fit(BtydData)}. */
    public static BgBbModel fit(Collection<BtydSummary> summaries) {
        return fit(BtydData.of(summaries));
    }

    /** The first shape of the Beta distribution of transaction probabilities. */
    public double alpha() {
        return alpha;
    }

    /** The second shape of the Beta distribution of transaction probabilities. */
    public double beta() {
        return beta;
    }

    /** The first shape of the Beta distribution of dropout probabilities. */
    public double gamma() {
        return gamma;
    }

    /** The second shape of the Beta distribution of dropout probabilities. */
    public double delta() {
        return delta;
    }

    @Override
    public String name() {
        return "bgbb";
    }

    /** Always {@link PeriodUnit#OPPORTUNITIES}. */
    @Override
    public PeriodUnit unit() {
        return PeriodUnit.OPPORTUNITIES;
    }

    @Override
    public Map<String, Double> parameters() {
        return ModelJson.named(NAMES, alpha, beta, gamma, delta);
    }

    @Override
    public Optional<FitReport> fit() {
        return fit;
    }

    /** {@inheritDoc} For BG/BB: active at opportunity n + 1, where n is {@code ageAtEnd}. */
    @Override
    public double probabilityAlive(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, PeriodUnit.OPPORTUNITIES);
        return BgBbMath.probabilityAlive(alpha, beta, gamma, delta, repeatPurchases, whole(timeOfLastPurchase),
                whole(ageAtEnd));
    }

    @Override
    public double expectedPurchases(Horizon horizon, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, PeriodUnit.OPPORTUNITIES);
        return BgBbMath.conditionalExpectation(alpha, beta, gamma, delta, repeatPurchases, whole(timeOfLastPurchase),
                whole(ageAtEnd), whole(horizon.lengthIn(PeriodUnit.OPPORTUNITIES)));
    }

    @Override
    public double expectedPurchasesOfNewCustomer(Horizon horizon) {
        return BgBbMath.conditionalExpectation(alpha, beta, gamma, delta, 0, 0, 0,
                whole(horizon.lengthIn(PeriodUnit.OPPORTUNITIES)));
    }

    @Override
    public double logLikelihood(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd) {
        BtydSummary.check("the customer", repeatPurchases, timeOfLastPurchase, ageAtEnd, PeriodUnit.OPPORTUNITIES);
        return BgBbMath.logLikelihood(alpha, beta, gamma, delta, repeatPurchases, whole(timeOfLastPurchase),
                whole(ageAtEnd));
    }

    private static int whole(double opportunities) {
        if (opportunities > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " opportunities but got " + opportunities);
        }
        return (int) opportunities;
    }

    @Override
    public String toJson() {
        ObjectNode root = ModelJson.header(JSON_TYPE);
        root.put("unit", PeriodUnit.OPPORTUNITIES.id());
        ModelJson.parameters(root, NAMES, alpha, beta, gamma, delta);
        ModelJson.fit(root, fit);
        return ModelJson.write(root);
    }

    /**
     * Reads a model written by {@link #toJson()} (or by hand).
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static BgBbModel fromJson(String json) {
        JsonInput in = new JsonInput("BG/BB model");
        JsonNode root = ModelJson.open(in, json, JSON_TYPE, FIELDS);
        ModelJson.unit(in, root, Set.of(PeriodUnit.OPPORTUNITIES));
        double[] v = ModelJson.parameters(in, root, NAMES);
        Optional<FitReport> fit = ModelJson.fit(in, root, NAMES);
        in.throwIfProblems();
        return new BgBbModel(v[0], v[1], v[2], v[3], fit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BgBbModel m && Double.compare(alpha, m.alpha) == 0 && Double.compare(beta, m.beta) == 0
                && Double.compare(gamma, m.gamma) == 0 && Double.compare(delta, m.delta) == 0 && fit.equals(m.fit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(alpha, beta, gamma, delta, fit);
    }

    @Override
    public String toString() {
        return "BgBbModel[alpha=" + alpha + ", beta=" + beta + ", gamma=" + gamma + ", delta=" + delta + "]";
    }
}
