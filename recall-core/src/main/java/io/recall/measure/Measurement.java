package io.recall.measure;

import io.recall.campaign.CampaignRecord;
import io.recall.measure.internal.Stats;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Measures a campaign against its holdout.
 *
 * <p>A customer converts when they buy at least once in {@code [from, from + window)}, where {@code from} is
 * their send (treated) or the campaign start (held out); their revenue is every purchase in that window;
 * the incentive cost is the cost of the redemptions by treated customers in their window. Rates carry
 * Wilson intervals, the uplift Newcombe's hybrid score interval, incremental revenue a Welch normal interval
 * on the difference of mean revenue per customer (zeros included), scaled by the treated count.
 * Immutable and thread-safe.
 */
public final class Measurement {

    private static final int SMALL_ARM = 30;

    private final Duration window;
    private final Currency currency;
    private final double confidence;
    private final boolean randomised;

    private Measurement(Duration window, Currency currency, double confidence, boolean randomised) {
        this.window = Objects.requireNonNull(window, "window");
        this.currency = Objects.requireNonNull(currency, "currency");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the attribution window must be positive but was " + window);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1) but was " + confidence);
        }
        this.confidence = confidence;
        this.randomised = randomised;
    }

    /** A measurement with a window, in a currency, at 95% confidence, of a randomised holdout. */
    public static Measurement of(Duration window, Currency currency) {
        return new Measurement(window, currency, 0.95, true);
    }

    /** A copy at another two-sided confidence level, such as 0.90. */
    public Measurement withConfidence(double level) {
        return new Measurement(window, currency, level, randomised);
    }

    /**
     * A copy for a comparison group that was not randomly held out (a real-world data set): the figures are
     * computed alike, but the result says they show association, not effect.
     */
    public Measurement observational() {
        return new Measurement(window, currency, confidence, false);
    }

    /** Measures a campaign run from its record. */
    public CampaignResult measure(CampaignRecord record, Collection<Purchase> purchases,
                                  Collection<Redemption> redemptions) {
        return measure(record.campaign().id(), Exposure.of(record), purchases, redemptions);
    }

    /**
     * Measures exposures (one per customer) against purchases and redemptions; other customers' rows are ignored.
     *
     * @throws IllegalArgumentException when a customer is exposed twice or an amount is in another currency
     */
    public CampaignResult measure(String campaignId, List<Exposure> exposures, Collection<Purchase> purchases,
                                  Collection<Redemption> redemptions) {
        Map<String, Exposure> byCustomer = new HashMap<>();
        for (Exposure e : exposures) {
            if (byCustomer.put(e.customerId(), e) != null) {
                throw new IllegalArgumentException("customer " + e.customerId() + " is exposed twice");
            }
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        exposures.forEach(e -> outcomes.put(e.customerId(), new Outcome(e)));
        for (Purchase p : purchases) {
            Outcome o = outcomes.get(p.customerId());
            if (o != null && inWindow(o.exposure, p.at())) {
                o.revenue = o.revenue.add(amount(p.amount()));
                o.converted = true;
            }
        }
        for (Redemption r : redemptions) {
            Outcome o = outcomes.get(r.customerId());
            if (o != null && o.exposure.arm() == Exposure.Arm.TREATED && inWindow(o.exposure, r.at())) {
                o.cost = o.cost.add(amount(r.cost()));
            }
        }
        double z = Stats.z(confidence);
        List<String> notes = new ArrayList<>();
        if (!randomised) {
            notes.add("The comparison group was not randomly held out: differences show association, not the "
                    + "campaign's effect, and may come from how the groups were chosen.");
        }
        CellResult overall = cell("campaign", campaignId, outcomes.values(), z, notes);
        List<CellResult> segments = group("segment", Exposure::segmentId, outcomes.values(), z, notes);
        List<CellResult> channels = group("channel", Exposure::channel, outcomes.values(), z, notes);
        return new CampaignResult(campaignId, window, confidence, randomised, overall, segments, channels, notes);
    }

    private boolean inWindow(Exposure e, Instant at) {
        return !at.isBefore(e.from()) && at.isBefore(e.from().plus(window));
    }

    private BigDecimal amount(Money m) {
        if (!m.currency().equals(currency)) {
            throw new IllegalArgumentException("amount " + m + " is not in the measurement's currency "
                    + currency.getCurrencyCode());
        }
        return m.amount();
    }

    private List<CellResult> group(String dimension, Function<Exposure, String> key, Collection<Outcome> all,
                                   double z, List<String> notes) {
        Map<String, List<Outcome>> groups = new TreeMap<>();
        all.forEach(o -> groups.computeIfAbsent(key.apply(o.exposure), k -> new ArrayList<>()).add(o));
        List<CellResult> cells = new ArrayList<>();
        groups.forEach((k, v) -> cells.add(cell(dimension, k, v, z, notes)));
        return cells;
    }

    private CellResult cell(String dimension, String key, Collection<Outcome> outcomes, double z, List<String> notes) {
        List<Outcome> t = new ArrayList<>();
        List<Outcome> h = new ArrayList<>();
        outcomes.forEach(o -> (o.exposure.arm() == Exposure.Arm.TREATED ? t : h).add(o));
        ArmResult treated = arm(t, z);
        ArmResult holdout = arm(h, z);
        Money cost = money(t.stream().map(o -> o.cost).reduce(BigDecimal.ZERO, BigDecimal::add));
        if (t.size() < SMALL_ARM || h.size() < SMALL_ARM) {
            notes.add(dimension + " " + key + ": " + t.size() + " treated and " + h.size()
                    + " held out; fewer than " + SMALL_ARM + " in an arm gives wide intervals");
        }
        if (t.isEmpty() || h.isEmpty()) {
            return new CellResult(dimension, key, treated, holdout, Optional.empty(), Optional.empty(), cost,
                    Optional.empty());
        }
        Interval uplift = Stats.newcombe(treated.converters(), t.size(), holdout.converters(), h.size(), z);
        MoneyInterval incremental = incremental(t, h, z);
        Optional<Interval> roi = Optional.empty();
        if (cost.amount().signum() > 0) {
            BigDecimal c = cost.amount();
            Function<Money, Double> r = m -> m.amount().subtract(c).divide(c, MathContext.DECIMAL64).doubleValue();
            roi = Optional.of(new Interval(r.apply(incremental.estimate()), r.apply(incremental.low()),
                    r.apply(incremental.high())));
        }
        return new CellResult(dimension, key, treated, holdout, Optional.of(uplift), Optional.of(incremental), cost,
                roi);
    }

    private ArmResult arm(List<Outcome> os, double z) {
        int converters = (int) os.stream().filter(o -> o.converted).count();
        BigDecimal revenue = os.stream().map(o -> o.revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new ArmResult(os.size(), converters,
                os.isEmpty() ? Optional.empty() : Optional.of(Stats.wilson(converters, os.size(), z)), money(revenue));
    }

    /** Exact point estimate; bounds from the Welch standard error, widened outwards to the minor unit. */
    private MoneyInterval incremental(List<Outcome> t, List<Outcome> h, double z) {
        int digits = currency.getDefaultFractionDigits();
        BigDecimal sumT = t.stream().map(o -> o.revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal sumH = h.stream().map(o -> o.revenue).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal point = sumT.subtract(sumH.multiply(BigDecimal.valueOf(t.size()))
                .divide(BigDecimal.valueOf(h.size()), digits + 6, RoundingMode.HALF_EVEN));
        BigDecimal rounded = point.setScale(digits, RoundingMode.HALF_EVEN);
        double se = t.size() * Math.sqrt(variance(t) / t.size() + variance(h) / h.size());
        BigDecimal half = BigDecimal.valueOf(z * se);
        BigDecimal lo = point.subtract(half).setScale(digits, RoundingMode.FLOOR).min(rounded);
        BigDecimal hi = point.add(half).setScale(digits, RoundingMode.CEILING).max(rounded);
        return new MoneyInterval(money(rounded), money(lo), money(hi));
    }

    private static double variance(List<Outcome> os) {
        if (os.size() < 2) {
            return 0;
        }
        double mean = 0;
        for (Outcome o : os) {
            mean += o.revenue.doubleValue();
        }
        mean /= os.size();
        double ss = 0;
        for (Outcome o : os) {
            double d = o.revenue.doubleValue() - mean;
            ss += d * d;
        }
        return ss / (os.size() - 1);
    }

    private Money money(BigDecimal amount) {
        return Money.of(amount, currency);
    }

    private static final class Outcome {
        final Exposure exposure;
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal cost = BigDecimal.ZERO;
        boolean converted;

        Outcome(Exposure exposure) {
            this.exposure = exposure;
        }
    }
}
