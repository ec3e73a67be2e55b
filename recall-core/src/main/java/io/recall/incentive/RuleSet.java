package io.recall.incentive;

import io.recall.config.ConfigException;
import io.recall.config.ConfigProblem;
import io.recall.model.Money;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A campaign's incentive rules with their budgets and conflict policy, validated as a whole.
 *
 * <p>A rule set is data: load it with {@link #fromJson(String, SegmentScheme)} or build it with
 * {@link #newBuilder}. Either way every problem is reported at once with its JSON path (for a Java-built
 * set, the path the same set would have in JSON): unknown segments, amounts in another currency or
 * without one, rules of one exclusive group with equal priority that can match the same customer (which
 * one wins would be an accident of order), a points-for-gift rule that does not require the points, gift
 * stock declared twice differently, duplicate ids. Nothing knowable at load time fails at decision time.
 *
 * <p>Immutable and thread-safe. The JSON format is described in the ADR 0006 and the test resources.
 */
public final class RuleSet {

    private final String name;
    private final Currency currency;
    private final ZoneId zone;
    private final SelectionStrategy strategy;
    private final BigDecimal minimumUptake;
    private final int maxOffers;
    private final int perCustomerLimit;
    private final Valuation valuation;
    private final List<Budget> budgets;
    private final List<IncentiveRule> rules;
    private final Set<String> segmentIds;
    // Where each rule and budget sits in the JSON (a rule that failed to parse is not here, the rest keep their index).
    private final List<Integer> ruleAt;
    private final List<Integer> budgetAt;

    private RuleSet(Builder b, List<ConfigProblem> earlier) {
        this.name = b.name;
        this.currency = b.currency;
        this.zone = b.zone;
        this.strategy = b.strategy;
        this.minimumUptake = b.minimumUptake;
        this.maxOffers = b.maxOffers;
        this.perCustomerLimit = b.perCustomerLimit;
        this.valuation = b.valuation != null ? b.valuation
                : new Valuation(Money.zero(currency), Money.zero(currency));
        this.budgets = List.copyOf(b.budgets);
        this.rules = List.copyOf(b.rules);
        this.segmentIds = Set.copyOf(b.segmentIds);
        this.ruleAt = List.copyOf(b.ruleAt);
        this.budgetAt = List.copyOf(b.budgetAt);
        List<ConfigProblem> problems = new ArrayList<>(earlier);
        validate(problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("incentive rule set '" + name + "'", problems);
        }
    }

    /**
     * Loads and validates a rule set whose segment conditions refer to the segments of {@code scheme}.
     *
     * @throws ConfigException with every problem and its JSON path
     */
    public static RuleSet fromJson(String json, SegmentScheme scheme) {
        return RuleSetJson.read(json, scheme);
    }

    /**
     * The rule set as JSON that {@link #fromJson} reads back into an equal rule set (with the same scheme):
     * every default written out, decimals as strings with their scale, window zones as zone ids. Descriptions,
     * which the rule set does not keep, are not written.
     *
     * @throws IllegalArgumentException when a Java-built rule has two conditions of one name (or category
     *                                  conditions apart from each other), which one JSON object cannot hold
     */
    public String toJson() {
        return RuleSetJsonWriter.write(this);
    }

    /** A builder for a rule set over the segments of a scheme, with amounts in one currency. */
    public static Builder newBuilder(String name, Currency currency, SegmentScheme scheme) {
        return new Builder(name, currency, scheme);
    }

    // ------------------------------------------------------------------ accessors

    /** The name. */
    public String name() {
        return name;
    }

    /** The currency of every amount. */
    public Currency currency() {
        return currency;
    }

    /** The campaign's time zone (validity windows without a zone of their own use the customer's). */
    public ZoneId zone() {
        return zone;
    }

    /** How equal-priority matches are ordered. */
    public SelectionStrategy strategy() {
        return strategy;
    }

    /** The least expected uptake for {@link SelectionStrategy#CHEAPEST_EXPECTED_TO_WORK}. */
    public BigDecimal minimumUptake() {
        return minimumUptake;
    }

    /** The most offers one decision grants (they must all be stackable when more than one). */
    public int maxOffers() {
        return maxOffers;
    }

    /** The most offers one customer may hold at once (reserved or redeemed). */
    public int perCustomerLimit() {
        return perCustomerLimit;
    }

    /** How non-discount offers are valued. */
    public Valuation valuation() {
        return valuation;
    }

    /** The declared budgets. */
    public List<Budget> budgets() {
        return budgets;
    }

    /** The declared budgets plus one count budget per gift SKU ({@code stock:SKU}) holding its stock. */
    public List<Budget> budgetsWithStock() {
        List<Budget> all = new ArrayList<>(budgets);
        Map<String, Long> stock = new LinkedHashMap<>();
        Map<String, Set<String>> rulesOf = new HashMap<>();
        for (IncentiveRule r : rules) {
            if (r.offer() instanceof Offer.GiftWithPurchase) {
                Offer.GiftWithPurchase g = (Offer.GiftWithPurchase) r.offer();
                stock.putIfAbsent(g.sku(), g.stock());
                rulesOf.computeIfAbsent(g.sku(), k -> new TreeSet<>()).add(r.id());
            }
        }
        stock.forEach((sku, n) -> all.add(new Budget("stock:" + sku, Optional.empty(), rulesOf.get(sku),
                Optional.empty(), OptionalLong.of(n))));
        return List.copyOf(all);
    }

    /** The rules in declaration order. */
    public List<IncentiveRule> rules() {
        return rules;
    }

    /** The segment ids rules may name. */
    public Set<String> segmentIds() {
        return segmentIds;
    }

    // ------------------------------------------------------------------ validation

    private void validate(List<ConfigProblem> problems) {
        if (maxOffers < 1 || maxOffers > 16) {
            problems.add(new ConfigProblem("$.selection.maxOffers", "an integer 1..16", String.valueOf(maxOffers)));
        }
        if (perCustomerLimit < 1) {
            problems.add(new ConfigProblem("$.perCustomerLimit", "an integer >= 1", String.valueOf(perCustomerLimit)));
        }
        if (minimumUptake.signum() < 0 || minimumUptake.compareTo(BigDecimal.ONE) > 0) {
            problems.add(new ConfigProblem("$.selection.minimumUptake", "a share 0..1", minimumUptake.toPlainString()));
        }
        currencyOf(valuation.pointValue(), "$.valuation.pointValue", problems);
        currencyOf(valuation.shipping(), "$.valuation.shipping", problems);
        Map<String, Integer> budgetIds = new HashMap<>();
        Map<String, Integer> ruleIds = new HashMap<>();
        for (int k = 0; k < rules.size(); k++) {
            Integer earlier = ruleIds.putIfAbsent(rules.get(k).id(), k);
            if (earlier != null) {
                problems.add(new ConfigProblem("$.rules[" + ruleAt.get(k) + "].id", "an id not used before",
                        "\"" + rules.get(k).id() + "\", already at $.rules[" + ruleAt.get(earlier) + "]"));
            }
        }
        for (int j = 0; j < budgets.size(); j++) {
            Budget budget = budgets.get(j);
            String path = "$.budgets[" + budgetAt.get(j) + "]";
            Integer earlier = budgetIds.putIfAbsent(budget.id(), j);
            if (earlier != null) {
                problems.add(new ConfigProblem(path + ".id", "an id not used before",
                        "\"" + budget.id() + "\", already at $.budgets[" + budgetAt.get(earlier) + "]"));
            }
            budget.segment().filter(s -> !segmentIds.contains(s)).ifPresent(s -> problems.add(new ConfigProblem(
                    path + ".segment", "a segment of the scheme " + new TreeSet<>(segmentIds), "unknown segment \"" + s + "\"")));
            for (String rule : budget.rules()) {
                if (!ruleIds.containsKey(rule)) {
                    problems.add(new ConfigProblem(path + ".rules", "ids of rules in $.rules", "unknown rule \"" + rule + "\""));
                }
            }
            budget.money().ifPresent(m -> currencyOf(m, path + ".money", problems));
        }
        Map<String, long[]> stock = new HashMap<>();
        for (int k = 0; k < rules.size(); k++) {
            IncentiveRule rule = rules.get(k);
            String path = "$.rules[" + ruleAt.get(k) + "]";
            for (RuleCondition c : rule.conditions()) {
                if (c instanceof RuleCondition.OneOf && ((RuleCondition.OneOf) c).attribute() == RuleCondition.Attribute.SEGMENT) {
                    for (String s : ((RuleCondition.OneOf) c).values()) {
                        if (!segmentIds.contains(s)) {
                            problems.add(new ConfigProblem(path + ".when.segment", "segments of the scheme "
                                    + new TreeSet<>(segmentIds), "unknown segment \"" + s + "\""));
                        }
                    }
                }
            }
            for (Money m : rule.offer().amounts()) {
                currencyOf(m, path + ".offer", problems);
            }
            rule.terms().maxDiscount().ifPresent(m -> currencyOf(m, path + ".terms.maxDiscount", problems));
            rule.terms().minimumSpend().ifPresent(m -> currencyOf(m, path + ".terms.minimumSpend", problems));
            if (rule.offer() instanceof Offer.PointsForGift) {
                long needed = ((Offer.PointsForGift) rule.offer()).points();
                boolean required = rule.conditions().stream().anyMatch(c -> c instanceof RuleCondition.Range
                        && ((RuleCondition.Range) c).fact() == Fact.POINTS
                        && ((RuleCondition.Range) c).min().filter(min -> min.compareTo(BigDecimal.valueOf(needed)) >= 0).isPresent());
                if (!required) {
                    problems.add(new ConfigProblem(path + ".when.points", "a condition points.min >= " + needed
                            + " (the offer exchanges " + needed + " points)", "none"));
                }
            }
            if (rule.offer() instanceof Offer.GiftWithPurchase) {
                Offer.GiftWithPurchase g = (Offer.GiftWithPurchase) rule.offer();
                long[] seen = stock.putIfAbsent(g.sku(), new long[] {g.stock(), ruleAt.get(k)});
                if (seen != null && seen[0] != g.stock()) {
                    problems.add(new ConfigProblem(path + ".offer.stock", "the stock of " + g.sku() + " given at $.rules["
                            + seen[1] + "].offer.stock (" + seen[0] + ")", String.valueOf(g.stock())));
                }
            }
        }
        overlappingExclusives(problems);
    }

    private void overlappingExclusives(List<ConfigProblem> problems) {
        for (int a = 0; a < rules.size(); a++) {
            for (int b = a + 1; b < rules.size(); b++) {
                IncentiveRule x = rules.get(a);
                IncentiveRule y = rules.get(b);
                if (x.exclusiveGroup().isEmpty() || !x.exclusiveGroup().equals(y.exclusiveGroup())
                        || x.priority() != y.priority()) {
                    continue;
                }
                Set<String> common = new TreeSet<>(segmentsOf(x));
                common.retainAll(segmentsOf(y));
                if (!common.isEmpty() && windowsMayOverlap(x, y)) {
                    problems.add(new ConfigProblem("$.rules[" + ruleAt.get(b) + "].exclusiveGroup",
                            "a priority different from rule \"" + x.id() + "\" ($.rules[" + ruleAt.get(a) + "]) in exclusive group \""
                                    + x.exclusiveGroup().get() + "\", or segments that do not overlap",
                            "priority " + y.priority() + " for both, both can match segment " + common));
                }
            }
        }
    }

    private Set<String> segmentsOf(IncentiveRule rule) {
        Set<String> result = new TreeSet<>(segmentIds);
        for (RuleCondition c : rule.conditions()) {
            if (c instanceof RuleCondition.OneOf && ((RuleCondition.OneOf) c).attribute() == RuleCondition.Attribute.SEGMENT) {
                result.retainAll(((RuleCondition.OneOf) c).values());
            }
        }
        return result;
    }

    private static boolean windowsMayOverlap(IncentiveRule x, IncentiveRule y) {
        for (RuleCondition cx : x.conditions()) {
            for (RuleCondition cy : y.conditions()) {
                if (cx instanceof RuleCondition.Window && cy instanceof RuleCondition.Window) {
                    RuleCondition.Window wx = (RuleCondition.Window) cx;
                    RuleCondition.Window wy = (RuleCondition.Window) cy;
                    // Same zone: decidable. Different zones (or customer time): assume they may overlap.
                    if (wx.zone().isPresent() && wx.zone().equals(wy.zone())
                            && (!wx.from().isBefore(wy.until()) || !wy.from().isBefore(wx.until()))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void currencyOf(Money m, String path, List<ConfigProblem> problems) {
        if (!m.currency().equals(currency)) {
            problems.add(new ConfigProblem(path, "an amount in the rule set's currency " + currency.getCurrencyCode(), m.toString()));
        }
    }

    /** Equal when every part that decides is equal (not where the parts sat in their JSON). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RuleSet)) {
            return false;
        }
        RuleSet r = (RuleSet) o;
        return name.equals(r.name) && currency.equals(r.currency) && zone.equals(r.zone) && strategy == r.strategy
                && minimumUptake.equals(r.minimumUptake) && maxOffers == r.maxOffers && perCustomerLimit == r.perCustomerLimit
                && valuation.equals(r.valuation) && budgets.equals(r.budgets) && rules.equals(r.rules)
                && segmentIds.equals(r.segmentIds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, currency, zone, strategy, minimumUptake, maxOffers, perCustomerLimit, valuation, budgets,
                rules, segmentIds);
    }

    @Override
    public String toString() {
        return "RuleSet[" + name + ", " + rules.size() + " rules, " + budgets.size() + " budgets]";
    }

    /** Collects a rule set's parts; {@link #build} validates them all. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final Currency currency;
        private final Set<String> segmentIds = new TreeSet<>();
        private ZoneId zone = ZoneId.of("UTC");
        private SelectionStrategy strategy = SelectionStrategy.BEST_FOR_CUSTOMER;
        private BigDecimal minimumUptake = BigDecimal.ZERO;
        private int maxOffers = 1;
        private int perCustomerLimit = 1;
        private Valuation valuation;
        private final List<Budget> budgets = new ArrayList<>();
        private final List<IncentiveRule> rules = new ArrayList<>();
        private final List<Integer> ruleAt = new ArrayList<>();
        private final List<Integer> budgetAt = new ArrayList<>();

        private Builder(String name, Currency currency, SegmentScheme scheme) {
            this.name = Objects.requireNonNull(name, "name");
            this.currency = Objects.requireNonNull(currency, "currency");
            for (Segment s : scheme.segments()) {
                segmentIds.add(s.id());
            }
        }

        /** The campaign's zone (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The selection strategy and, for the cheapest-that-works one, the least expected uptake. */
        public Builder selection(SelectionStrategy strategy, int maxOffers, BigDecimal minimumUptake) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            this.maxOffers = maxOffers;
            this.minimumUptake = Objects.requireNonNull(minimumUptake, "minimumUptake");
            return this;
        }

        /** The most offers one customer may hold at once (default 1). */
        public Builder perCustomerLimit(int limit) {
            this.perCustomerLimit = limit;
            return this;
        }

        /** How points and shipping are valued (default zero for both). */
        public Builder valuation(Valuation valuation) {
            this.valuation = Objects.requireNonNull(valuation, "valuation");
            return this;
        }

        /** Adds a budget. */
        public Builder budget(Budget budget) {
            return budget(budget, budgets.size());
        }

        Builder budget(Budget budget, int jsonIndex) {
            budgets.add(Objects.requireNonNull(budget, "budget"));
            budgetAt.add(jsonIndex);
            return this;
        }

        /** Adds a rule. */
        public Builder rule(IncentiveRule rule) {
            return rule(rule, rules.size());
        }

        Builder rule(IncentiveRule rule, int jsonIndex) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            ruleAt.add(jsonIndex);
            return this;
        }

        /**
         * The validated rule set.
         *
         * @throws ConfigException with every problem and the JSON path it would have
         */
        public RuleSet build() {
            return new RuleSet(this, List.of());
        }

        RuleSet build(List<ConfigProblem> earlier) {
            return new RuleSet(this, earlier);
        }
    }
}
