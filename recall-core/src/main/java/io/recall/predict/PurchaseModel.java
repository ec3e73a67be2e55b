package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import io.recall.internal.JsonInput;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fitted model of when customers buy and when they silently leave: BG/NBD, Pareto/NBD or BG/BB.
 * Immutable; every scoring method is a pure function of its arguments, thread-safe, without locks, I/O
 * or logging, and allocates nothing on its usual path.
 *
 * <p>The primitive scoring methods take x, t_x and T in the model's {@link #unit()}; the
 * {@link BtydSummary} overloads convert the summary's unit first. A {@link Horizon} is converted to the
 * model's unit (weeks and days convert; opportunities only fit BG/BB).
 */
public sealed interface PurchaseModel permits BgNbdModel, ParetoNbdModel, BgBbModel {

    /** The model's short name: {@code bgnbd}, {@code pareto-nbd} or {@code bgbb}. */
    String name();

    /** The unit of time the parameters are in (α and β are rates per this unit). */
    PeriodUnit unit();

    /** The parameters, named and ordered as in the model's paper. */
    Map<String, Double> parameters();

    /** How the model was fitted; empty for a model built from given parameters. */
    Optional<FitReport> fit();

    /**
     * The probability that a customer with this history is still active at the end of the calibration
     * period (BG/BB: at the next opportunity), in [0, 1].
     *
     * @throws IllegalArgumentException for an impossible history (t_x &gt; T, negative values, …)
     */
    double probabilityAlive(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd);

    /**
     * The expected number of purchases in the {@code horizon} after the end of the calibration period,
     * given the history: E[X(T, T + t) | x, t_x, T]. Finite and at least 0.
     */
    double expectedPurchases(Horizon horizon, int repeatPurchases, double timeOfLastPurchase, double ageAtEnd);

    /** The expected number of repeat purchases of a new customer in their first {@code horizon}: E[X(t)]. */
    double expectedPurchasesOfNewCustomer(Horizon horizon);

    /** The log-likelihood of one customer's history under this model. */
    double logLikelihood(int repeatPurchases, double timeOfLastPurchase, double ageAtEnd);

    /** The model as JSON; {@link #fromJson} reads it back into an equal model. */
    String toJson();

    /** {@link #probabilityAlive(int, double, double)} of a summary, converted to the model's unit. */
    default double probabilityAlive(BtydSummary customer) {
        BtydSummary s = customer.in(unit());
        return probabilityAlive(s.repeatPurchases(), s.timeOfLastPurchase(), s.ageAtEnd());
    }

    /** {@link #expectedPurchases(Horizon, int, double, double)} of a summary, converted to the model's unit. */
    default double expectedPurchases(Horizon horizon, BtydSummary customer) {
        BtydSummary s = customer.in(unit());
        return expectedPurchases(horizon, s.repeatPurchases(), s.timeOfLastPurchase(), s.ageAtEnd());
    }

    /** The summed log-likelihood of fitting data under this model (data converted to the model's unit). */
    default double logLikelihood(java.util.Collection<BtydSummary> customers) {
        double sum = 0;
        for (BtydSummary c : customers) {
            BtydSummary s = c.in(unit());
            sum += logLikelihood(s.repeatPurchases(), s.timeOfLastPurchase(), s.ageAtEnd());
        }
        return sum;
    }

    /**
     * Reads any purchase model written by {@link #toJson()}, by its {@code type}.
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    static PurchaseModel fromJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonInput in = new JsonInput("purchase model");
        JsonNode root = in.parse(json);
        String type = root.isObject() && root.get("type") != null ? root.get("type").asText() : "";
        switch (type) {
            case BgNbdModel.JSON_TYPE:
                return BgNbdModel.fromJson(json);
            case ParetoNbdModel.JSON_TYPE:
                return ParetoNbdModel.fromJson(json);
            case BgBbModel.JSON_TYPE:
                return BgBbModel.fromJson(json);
            default:
                in.problem("$.type", "one of \"" + BgNbdModel.JSON_TYPE + "\", \"" + ParetoNbdModel.JSON_TYPE + "\", \""
                        + BgBbModel.JSON_TYPE + "\"", JsonInput.describe(root.get("type")));
                in.throwIfProblems();
                throw new AssertionError();
        }
    }
}
