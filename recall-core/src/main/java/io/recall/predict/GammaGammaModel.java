package io.recall.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.internal.JsonInput;
import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;
import io.recall.predict.internal.GammaGammaMath;
import io.recall.predict.internal.Optimizer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The Gamma-Gamma model of spend per purchase (Fader, Hardie and Lee 2005, "RFM and CLV: Using Iso-Value
 * Curves for Customer Base Analysis", JMR 42(4); Fader and Hardie 2013, "The Gamma-Gamma Model of
 * Monetary Value"): the amounts of a customer's purchases are Gamma(p, ν) around their mean, with
 * ν ~ Gamma(q, γ) across customers. It assumes spend is independent of purchase frequency.
 *
 * <p>Amounts enter and leave as {@link Money} in the model's currency; inside, the model works in
 * doubles (they are statistics, not amounts) and rounds to the currency's minor unit with the caller's
 * {@link RoundingMode} at the boundary. Immutable and thread-safe.
 */
public final class GammaGammaModel {

    /** The JSON {@code type}. */
    public static final String JSON_TYPE = "recall.btyd.gamma-gamma";
    private static final List<String> NAMES = List.of("p", "q", "gamma");
    private static final Set<String> FIELDS = ModelJson.fields("currency");

    private final double p;
    private final double q;
    private final double gamma;
    private final Currency currency;
    private final Optional<FitReport> fit;

    private GammaGammaModel(double p, double q, double gamma, Currency currency, Optional<FitReport> fit) {
        Models.requirePositive("Gamma-Gamma", NAMES, p, q, gamma);
        this.p = p;
        this.q = q;
        this.gamma = gamma;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.fit = Objects.requireNonNull(fit, "fit");
    }

    /** A model with given parameters; γ is in units of {@code currency}. */
    public static GammaGammaModel of(double p, double q, double gamma, Currency currency) {
        return new GammaGammaModel(p, q, gamma, currency, Optional.empty());
    }

    /**
     * Fits by maximum likelihood on the customers with at least one repeat purchase and a positive mean
     * repeat spend; the others carry no information about spend and are skipped (the report's
     * {@code customers} counts those used).
     *
     * @throws IllegalArgumentException when no customer qualifies or the spends mix currencies
     * @throws FitException             when the optimiser does not converge or a parameter runs off
     */
    public static GammaGammaModel fit(Collection<BtydSummary> summaries) {
        Objects.requireNonNull(summaries, "summaries");
        List<BtydSummary> used = new ArrayList<>();
        Currency currency = null;
        for (BtydSummary s : summaries) {
            if (s.repeatPurchases() == 0 || s.meanRepeatSpend().isEmpty() || s.meanRepeatSpend().get().amount().signum() <= 0) {
                continue;
            }
            Currency c = s.meanRepeatSpend().get().currency();
            if (currency == null) {
                currency = c;
            } else if (!currency.equals(c)) {
                throw new CurrencyMismatchException(currency, c);
            }
            used.add(s);
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("Gamma-Gamma needs customers with repeat purchases and a positive mean "
                    + "repeat spend; none of the " + summaries.size() + " has both");
        }
        int[] x = new int[used.size()];
        double[] spend = new double[used.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = used.get(i).repeatPurchases();
            spend[i] = used.get(i).meanRepeatSpend().get().amount().doubleValue();
        }
        return fit(x, spend, currency);
    }

    /**
     * Fits on columns: repeat purchases (&gt; 0) and mean repeat spend (&gt; 0, in {@code currency}).
     *
     * @throws FitException when the optimiser does not converge or a parameter runs off
     */
    public static GammaGammaModel fit(int[] repeatPurchases, double[] meanRepeatSpend, Currency currency) {
        Objects.requireNonNull(repeatPurchases, "repeatPurchases");
        long[] ones = new long[repeatPurchases.length];
        Arrays.fill(ones, 1);
        return fit(repeatPurchases, meanRepeatSpend, ones, currency);
    }

    /**
     * Fits on distinct (x, z̄) rows with {@code customers[i]} identical customers each: the aggregated form
     * a distributed engine collects instead of every customer. With all counts 1 it is
     * {@link #fit(int[], double[], Currency)}; rows with count 0 are ignored.
     *
     * @throws FitException when the optimiser does not converge or a parameter runs off
     */
    public static GammaGammaModel fit(int[] repeatPurchases, double[] meanRepeatSpend, long[] customers,
                                      Currency currency) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(customers, "customers");
        int n = repeatPurchases.length;
        if (n == 0 || meanRepeatSpend.length != n || customers.length != n) {
            throw new IllegalArgumentException("need equally long, non-empty columns but got " + n + ", "
                    + meanRepeatSpend.length + " and " + customers.length);
        }
        double[] weight = new double[n];
        double total = 0;
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (repeatPurchases[i] < 1 || !(meanRepeatSpend[i] > 0) || !Double.isFinite(meanRepeatSpend[i])) {
                throw new IllegalArgumentException("row " + i + " needs repeat purchases >= 1 and a finite mean spend > 0 "
                        + "but has " + repeatPurchases[i] + " and " + meanRepeatSpend[i]);
            }
            if (customers[i] < 0) {
                throw new IllegalArgumentException("the customer count of row " + i + " must be >= 0 but was "
                        + customers[i]);
            }
            weight[i] = customers[i];
            // With unit weights this is the plain sum, so the unweighted fit starts where it always did.
            total += weight[i] * meanRepeatSpend[i];
            count = Math.addExact(count, customers[i]);
        }
        if (count == 0) {
            throw new IllegalArgumentException("no customers to fit on");
        }
        int[] xs = repeatPurchases.clone();
        double[] ms = meanRepeatSpend.clone();
        double customersFitted = count;
        double logMean = Math.log(total / customersFitted);
        Optimizer.Objective objective = Fitting.objective(theta -> GammaGammaMath.meanNegativeLogLikelihood(xs, ms, weight,
                customersFitted, theta));
        Fitting.Fitted fitted = Fitting.fit("Gamma-Gamma", NAMES, objective,
                List.of(new double[]{0, 0, logMean}, new double[]{Math.log(5), Math.log(3), logMean}), count,
                customersFitted);
        double[] v = fitted.parameters();
        return new GammaGammaModel(v[0], v[1], v[2], currency, Optional.of(fitted.report()));
    }

    /** The shape of the Gamma distribution of one purchase's spend around the customer's mean. */
    public double p() {
        return p;
    }

    /** The shape of the Gamma distribution of ν across customers. */
    public double q() {
        return q;
    }

    /** The rate of the Gamma distribution of ν across customers, in units of {@link #currency()}. */
    public double gamma() {
        return gamma;
    }

    /** The currency of every amount. */
    public Currency currency() {
        return currency;
    }

    /** The parameters, named as in the paper ({@code gamma} is γ, which lifetimes calls v). */
    public Map<String, Double> parameters() {
        return ModelJson.named(NAMES, p, q, gamma);
    }

    /** How the model was fitted; empty for given parameters. */
    public Optional<FitReport> fit() {
        return fit;
    }

    /**
     * E[M | x, z̄] = p (γ + x z̄) / (p x + q − 1): the customer's expected spend per future purchase, a
     * weighted mean of the population mean and their own mean spend; the population mean p γ / (q − 1)
     * for x = 0. A double in units of the currency; pure and allocation-free.
     *
     * @throws IllegalArgumentException when p x + q &lt;= 1: for this x the model's mean does not exist
     */
    public double expectedMeanSpend(int repeatPurchases, double meanRepeatSpend) {
        if (repeatPurchases < 0 || !(meanRepeatSpend >= 0) || !Double.isFinite(meanRepeatSpend)) {
            throw new IllegalArgumentException("need repeat purchases >= 0 and a finite mean spend >= 0 but got "
                    + repeatPurchases + " and " + meanRepeatSpend);
        }
        double value = GammaGammaMath.conditionalMeanSpend(p, q, gamma, repeatPurchases, repeatPurchases == 0 ? 0 : meanRepeatSpend);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the expected spend does not exist for x = " + repeatPurchases + ": p·x + q = " + (p * repeatPurchases + q)
                    + " is not above 1 (q = " + q + ")");
        }
        return value;
    }

    /**
     * The customer's expected spend per future purchase as money, rounded to the currency's minor unit.
     *
     * @param meanRepeatSpend the mean spend of the repeat purchases; ignored (may be empty) when x = 0
     * @throws io.recall.model.CurrencyMismatchException when the spend is in another currency
     */
    public Money expectedMeanSpend(int repeatPurchases, Optional<Money> meanRepeatSpend, RoundingMode rounding) {
        Objects.requireNonNull(rounding, "rounding");
        double spend = 0;
        if (repeatPurchases > 0) {
            Money m = meanRepeatSpend.orElseThrow(() -> new IllegalArgumentException(
                    "a customer with " + repeatPurchases + " repeat purchases needs their mean repeat spend"));
            if (!m.currency().equals(currency)) {
                throw new CurrencyMismatchException(currency, m.currency());
            }
            spend = m.amount().doubleValue();
        }
        return money(expectedMeanSpend(repeatPurchases, spend), rounding);
    }

    /** {@link #expectedMeanSpend(int, Optional, RoundingMode)} of a summary. */
    public Money expectedMeanSpend(BtydSummary customer, RoundingMode rounding) {
        return expectedMeanSpend(customer.repeatPurchases(), customer.meanRepeatSpend(), rounding);
    }

    Money money(double amount, RoundingMode rounding) {
        return Money.of(new BigDecimal(amount).setScale(currency.getDefaultFractionDigits(), rounding), currency);
    }

    /** The log-likelihood of one customer's mean spend (x &gt; 0, spend &gt; 0). */
    public double logLikelihood(int repeatPurchases, double meanRepeatSpend) {
        if (repeatPurchases < 1 || !(meanRepeatSpend > 0)) {
            throw new IllegalArgumentException("need repeat purchases >= 1 and mean spend > 0 but got " + repeatPurchases
                    + " and " + meanRepeatSpend);
        }
        return GammaGammaMath.logLikelihood(p, q, gamma, repeatPurchases, meanRepeatSpend);
    }

    /** The model as JSON; {@link #fromJson} reads it back into an equal model. */
    public String toJson() {
        ObjectNode root = ModelJson.header(JSON_TYPE);
        root.put("currency", currency.getCurrencyCode());
        ModelJson.parameters(root, NAMES, p, q, gamma);
        ModelJson.fit(root, fit);
        return ModelJson.write(root);
    }

    /**
     * Reads a model written by {@link #toJson()} (or by hand).
     *
     * @throws io.recall.config.ConfigException with the JSON path of every problem
     */
    public static GammaGammaModel fromJson(String json) {
        JsonInput in = new JsonInput("Gamma-Gamma model");
        JsonNode root = ModelJson.open(in, json, JSON_TYPE, FIELDS);
        Currency currency = in.currency(root, "currency", "$", true).orElse(null);
        double[] v = ModelJson.parameters(in, root, NAMES);
        Optional<FitReport> fit = ModelJson.fit(in, root, NAMES);
        in.throwIfProblems();
        return new GammaGammaModel(v[0], v[1], v[2], currency, fit);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GammaGammaModel m && Double.compare(p, m.p) == 0 && Double.compare(q, m.q) == 0
                && Double.compare(gamma, m.gamma) == 0 && currency.equals(m.currency) && fit.equals(m.fit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(p, q, gamma, currency, fit);
    }

    @Override
    public String toString() {
        return "GammaGammaModel[p=" + p + ", q=" + q + ", gamma=" + gamma + ", currency=" + currency + "]";
    }
}
