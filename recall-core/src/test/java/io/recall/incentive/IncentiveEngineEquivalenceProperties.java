package io.recall.incentive;

import io.recall.model.Money;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's compiled hot path (rules indexed by segment, cached failures, no per-decision collections) gives
 * exactly the decision of the plain reading of the rules: every condition tested with {@link RuleCondition#test}
 * in order, matches sorted by priority, strategy and declaration, taken greedily. Random rule sets and customers,
 * including segments outside the scheme, values beyond the engine's caches, decimal bounds and every kind of
 * condition.
 */
class IncentiveEngineEquivalenceProperties {

    static final SegmentScheme SEED4 = SegmentScheme.builtIn("seed4");
    static final java.util.Currency GBP = Money.currency("GBP");
    static final Instant NOW = Instant.parse("2011-12-10T09:00:00Z");
    static final Fact[] WHOLE = {Fact.R, Fact.F, Fact.M, Fact.FM, Fact.RECENCY_DAYS, Fact.FREQUENCY, Fact.TENURE_DAYS,
            Fact.POINTS, Fact.UNRESOLVED_COMPLAINTS};

    @Property(tries = 200)
    void decisionsEqualThePlainReadingOfTheRules(@ForAll long seed) {
        Random r = new Random(seed);
        RuleSet rules = ruleSet(r);
        IncentiveEngine engine = IncentiveEngine.of(rules, new AlwaysReserves(), Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < 60; i++) {
            CustomerFacts facts = customer(r, i);
            Decision d = engine.decide(facts);
            List<RuleTrace> expected = reference(rules, facts);
            assertEquals(expected.size(), d.trace().size());
            for (int k = 0; k < expected.size(); k++) {
                RuleTrace e = expected.get(k);
                RuleTrace a = d.trace().get(k);
                assertEquals(e.ruleId(), a.ruleId());
                assertEquals(e.outcome(), a.outcome(), e.ruleId());
                assertEquals(e.failure(), a.failure(), e.ruleId());
                assertEquals(e.failure().map(ConditionFailure::text), a.failure().map(ConditionFailure::text));
                assertEquals(e.value(), a.value(), e.ruleId());
                assertEquals(e.detail(), a.detail(), e.ruleId());
                assertEquals(e.text(), a.text(), e.ruleId());
            }
            // Deciding again gives the same explanation (shared, cached failures stay right).
            assertEquals(d.explain(), engine.decide(facts).explain());
        }
    }

    /** The decision as the rules read: no precompilation, no caches; budgets always reserve. */
    static List<RuleTrace> reference(RuleSet rules, CustomerFacts facts) {
        List<IncentiveRule> all = rules.rules();
        RuleTrace[] trace = new RuleTrace[all.size()];
        record Cand(int index, IncentiveRule rule, Money value) {
        }
        List<Cand> cands = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            IncentiveRule rule = all.get(k);
            Optional<ConditionFailure> failure = Optional.empty();
            for (RuleCondition c : rule.conditions()) {
                failure = c.test(facts, NOW, rules.currency());
                if (failure.isPresent()) {
                    break;
                }
            }
            if (failure.isEmpty() && rule.offer() instanceof Offer.ProductOffer p && p.fromRecommendations()
                    && facts.recommendedSkus().isEmpty()) {
                failure = Optional.of(new ConditionFailure("recommendations", "none", "at least one recommended SKU"));
            }
            if (failure.isPresent()) {
                trace[k] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_MATCHED, failure, Optional.empty(),
                        Optional.empty(), Optional.empty());
                continue;
            }
            Money value = rule.offer().value(facts.expectedBasket(), rules.valuation());
            if (rule.terms().maxDiscount().isPresent() && value.compareTo(rule.terms().maxDiscount().get()) > 0) {
                value = rule.terms().maxDiscount().get().rounded(RoundingMode.DOWN);
            }
            cands.add(new Cand(k, rule, value));
        }
        Comparator<Cand> order = Comparator.comparingInt((Cand c) -> -c.rule.priority());
        order = rules.strategy() == SelectionStrategy.BEST_FOR_CUSTOMER
                ? order.thenComparing(Cand::value, Comparator.reverseOrder()) : order.thenComparing(Cand::value);
        cands.sort(order.thenComparingInt(Cand::index));
        int granted = 0;
        Map<String, String> groups = new HashMap<>();
        Set<String> taken = new TreeSet<>();
        boolean allTakenStack = true;
        for (Cand c : cands) {
            IncentiveRule rule = c.rule;
            String skip = null;
            if (rules.strategy() == SelectionStrategy.CHEAPEST_EXPECTED_TO_WORK
                    && rule.expectedUptake().compareTo(rules.minimumUptake()) < 0) {
                skip = "expected uptake " + rule.expectedUptake().toPlainString() + " is below the minimum "
                        + rules.minimumUptake().toPlainString();
            } else if (granted >= rules.maxOffers()) {
                skip = "the limit of " + rules.maxOffers() + (rules.maxOffers() == 1 ? " offer" : " offers")
                        + " per decision is reached";
            } else if (rule.exclusiveGroup().isPresent() && groups.containsKey(rule.exclusiveGroup().get())) {
                skip = "exclusive group " + rule.exclusiveGroup().get() + " already granted " + groups.get(rule.exclusiveGroup().get());
            } else if (granted > 0 && (!rule.stackable() || !allTakenStack)) {
                skip = (rule.stackable() ? "does not stack with " : "does not stack; already granted ") + taken;
            }
            if (skip != null) {
                trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_SELECTED, Optional.empty(),
                        Optional.of(c.value), Optional.empty(), Optional.of(skip));
                continue;
            }
            granted++;
            taken.add(rule.id());
            rule.exclusiveGroup().ifPresent(g -> groups.put(g, rule.id()));
            allTakenStack &= rule.stackable();
            trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.GRANTED, Optional.empty(), Optional.of(c.value),
                    Optional.of(AlwaysReserves.effect(c.value)), Optional.of(rule.offer().describe()));
        }
        return List.of(trace);
    }

    static RuleSet ruleSet(Random r) {
        List<String> segments = SEED4.segments().stream().map(Segment::id).toList();
        SelectionStrategy strategy = r.nextBoolean() ? SelectionStrategy.BEST_FOR_CUSTOMER : SelectionStrategy.CHEAPEST_EXPECTED_TO_WORK;
        RuleSet.Builder b = RuleSet.newBuilder("eq", GBP, SEED4).zone(ZoneId.of("Europe/London"))
                .selection(strategy, 1 + r.nextInt(3), new BigDecimal("0.0" + (1 + r.nextInt(9))))
                .valuation(new Valuation(Money.of("0.01", "GBP"), Money.of("3.95", "GBP")));
        int n = 1 + r.nextInt(25);
        for (int k = 0; k < n; k++) {
            List<RuleCondition> when = new ArrayList<>();
            int conditions = r.nextInt(5);
            Set<String> used = new java.util.HashSet<>();
            for (int j = 0; j < conditions; j++) {
                RuleCondition c = condition(r, segments);
                // One condition per name, as rule sets in JSON have it.
                if (used.add(c.name())) {
                    when.add(c);
                }
            }
            Offer offer = switch (r.nextInt(5)) {
                case 0 -> new Offer.PercentOff(new BigDecimal(1 + r.nextInt(30)));
                case 1 -> new Offer.AmountOff(Money.ofMinor(100 + r.nextInt(2000), GBP));
                case 2 -> new Offer.FreeShipping();
                case 3 -> new Offer.ProductOffer(List.of(), true, new BigDecimal("15"));
                default -> new Offer.ProductOffer(List.of("sku-1", "sku-2"), false, new BigDecimal("5"));
            };
            IncentiveRule rule = IncentiveRule.of("rule-" + k, when, offer).withPriority(r.nextInt(3))
                    .stacking(r.nextBoolean(), false).withExpectedUptake("0.0" + r.nextInt(10));
            if (r.nextInt(4) == 0) {
                rule = rule.withTerms(new OfferTerms(Optional.of(Money.ofMinor(50 + r.nextInt(500), GBP)),
                        Optional.empty(), Set.of(), Set.of(), 1 + r.nextInt(30)));
            }
            if (r.nextInt(3) == 0) {
                // Exclusive groups; a priority of its own keeps the set valid (no tie inside a group).
                rule = rule.inGroup("group-" + r.nextInt(2)).withPriority(10 + k);
            }
            b.rule(rule);
        }
        return b.build();
    }

    static RuleCondition condition(Random r, List<String> segments) {
        switch (r.nextInt(9)) {
            case 0:
            case 1: {
                Set<String> some = new TreeSet<>();
                for (int i = 0, m = 1 + r.nextInt(2); i < m; i++) {
                    some.add(segments.get(r.nextInt(segments.size())));
                }
                return new RuleCondition.OneOf(RuleCondition.Attribute.SEGMENT, some);
            }
            case 2:
            case 3: {
                Fact f = WHOLE[r.nextInt(WHOLE.length)];
                String lo = bound(r, f);
                String hi = bound(r, f);
                if (new BigDecimal(lo).compareTo(new BigDecimal(hi)) > 0) {
                    String t = lo;
                    lo = hi;
                    hi = t;
                }
                switch (r.nextInt(3)) {
                    case 0: return RuleCondition.Range.atLeast(f, lo);
                    case 1: return RuleCondition.Range.atMost(f, hi);
                    default: return RuleCondition.Range.between(f, lo, hi);
                }
            }
            case 4: return r.nextBoolean() ? RuleCondition.OneOf.consent("email") : RuleCondition.OneOf.consent("sms", "post");
            case 5: return RuleCondition.OneOf.tier("gold", "silver");
            case 6: return RuleCondition.Range.atLeast(Fact.P_ALIVE, "0.5");
            case 7: return RuleCondition.Range.atLeast(Fact.MONETARY, (r.nextInt(3000)) + ".50");
            default: return r.nextBoolean()
                    ? new RuleCondition.Window(LocalDateTime.parse("2011-12-01T00:00"), LocalDateTime.parse("2011-12-24T00:00"), Optional.empty())
                    : new RuleCondition.Window(LocalDateTime.parse("2011-12-10T09:30"), LocalDateTime.parse("2011-12-11T00:00"),
                    Optional.of(ZoneId.of("Asia/Tokyo")));
        }
    }

    static String bound(Random r, Fact f) {
        int scale = f == Fact.R || f == Fact.F || f == Fact.M || f == Fact.FM || f == Fact.UNRESOLVED_COMPLAINTS ? 6 : 600;
        int whole = r.nextInt(scale);
        return r.nextInt(4) == 0 ? whole + ".5" : String.valueOf(whole);
    }

    static CustomerFacts customer(Random r, int i) {
        List<Segment> segments = SEED4.segments();
        String segment = r.nextInt(10) == 0 ? "not-in-the-scheme" : segments.get(r.nextInt(segments.size())).id();
        int recency = r.nextInt(700);
        RfmMetrics m = new RfmMetrics("c" + i, recency, 1 + r.nextInt(12), Money.ofMinor(1000 + r.nextInt(300_000), GBP),
                recency + r.nextInt(800));
        Set<String> consent = switch (r.nextInt(4)) {
            case 0 -> Set.of();
            case 1 -> Set.of("email");
            case 2 -> Set.of("push");
            default -> Set.of("sms", "email");
        };
        CustomerFacts f = CustomerFacts.ofRfm(segment, new RfmScore(1 + r.nextInt(5), 1 + r.nextInt(5), 1 + r.nextInt(5)),
                m, true, consent, ZoneId.of(r.nextBoolean() ? "Europe/London" : "America/New_York"));
        Optional<String> tier = switch (r.nextInt(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of("gold");
            default -> Optional.of("bronze");
        };
        f = f.withMembership(tier, r.nextInt(900)).withService(r.nextInt(4), Map.of());
        if (r.nextBoolean()) {
            f = f.withPredictions(Optional.of(new BigDecimal("0." + r.nextInt(10))), Optional.empty(),
                    r.nextBoolean() ? List.of("sku-9") : List.of());
        }
        return f;
    }

    /** Every reservation succeeds with the same effect. */
    static final class AlwaysReserves implements BudgetLedger {
        static BudgetEffect effect(Money amount) {
            return new BudgetEffect(Optional.of("r"), amount, List.of(), Optional.empty(), "no budget");
        }

        @Override
        public BudgetEffect reserve(String customerId, String segmentId, String ruleId, Money amount, Instant now, Instant expiresAt) {
            return effect(amount);
        }

        @Override public boolean commit(String reservationId, Money actual) { return true; }
        @Override public boolean release(String reservationId) { return true; }
        @Override public int expire(Instant now) { return 0; }
        @Override public Optional<Status> status(String reservationId) { return Optional.empty(); }
        @Override public List<BudgetState> snapshot(Instant now) { return List.of(); }
        @Override public List<BudgetState> snapshot() { return List.of(); }
        @Override public Map<String, Status> statuses() { return Map.of(); }
    }
}
