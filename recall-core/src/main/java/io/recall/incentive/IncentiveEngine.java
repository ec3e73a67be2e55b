package io.recall.incentive;

import io.recall.model.Money;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which incentives a customer gets under a rule set, within the budgets of a ledger.
 *
 * <p>For each decision: every rule's conditions are tested in order (the first failing one is kept for the
 * explanation); the matching rules are ordered by priority (higher first), then by the rule set's
 * selection strategy (best value for the customer first, or the cheapest among those expected to work),
 * then by declaration order; and they are taken greedily: a rule is skipped when the offer limit is
 * reached, when its exclusive group already has a grant, or when it does not stack with what was taken;
 * otherwise its value is reserved from the ledger, and a refused reservation skips it too. Every rule ends
 * in the trace with its outcome.
 *
 * <p>The rule set is compiled when the engine is made: per segment of the scheme, the rules whose leading segment
 * condition the segment fails are traced once (that condition, that segment) and not looked at again; whole-number
 * ranges compare longs; failures that depend on few values are made once and shared; sentences are made when read.
 * The decision is the same as testing every condition with {@link RuleCondition#test} in order.
 *
 * <p>Thread-safe: the rule set is immutable and the ledger is; "now" comes from the clock.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.fromJson(json, SegmentScheme.builtIn("seed4"));
 * IncentiveEngine engine = IncentiveEngine.of(rules, BudgetLedger.of(rules), Clock.systemUTC());
 * Decision decision = engine.decide(facts);
 * decision.explain();
 * }</pre>
 */
public final class IncentiveEngine {

    private static final Optional<ConditionFailure> NO_FAILURE = Optional.empty();
    private static final Optional<Money> NO_VALUE = Optional.empty();
    private static final Optional<BudgetEffect> NO_BUDGET = Optional.empty();
    private static final Optional<String> NO_DETAIL = Optional.empty();
    private static final ConditionFailure NO_RECOMMENDATIONS =
            new ConditionFailure("recommendations", "none", "at least one recommended SKU");

    private final RuleSet rules;
    private final BudgetLedger ledger;
    private final Clock clock;
    // The rule set compiled once (see Plan and Check): deciding tests exactly the conditions RuleCondition.test
    // would, in the same order, and gives the same first failure; it only avoids work whose answer is known.
    private final IncentiveRule[] all;
    private final Check[][] checks;
    private final boolean[] needsRecommendations;
    private final RuleTrace[] noRecommendations;
    private final Optional<String>[] grantedDetail;
    private final Optional<String>[] belowUptake;
    private final boolean[] hasWindow;
    private final Duration[] validFor;
    private final Optional<String> limitReached;
    private final boolean bestForCustomer;
    private final Map<String, Plan> plans;
    private final Plan anySegment;

    @SuppressWarnings("unchecked")
    private IncentiveEngine(RuleSet rules, BudgetLedger ledger, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bestForCustomer = rules.strategy() == SelectionStrategy.BEST_FOR_CUSTOMER;
        this.all = rules.rules().toArray(new IncentiveRule[0]);
        int n = all.length;
        this.checks = new Check[n][];
        this.needsRecommendations = new boolean[n];
        this.noRecommendations = new RuleTrace[n];
        this.grantedDetail = new Optional[n];
        this.belowUptake = new Optional[n];
        this.hasWindow = new boolean[n];
        this.validFor = new Duration[n];
        this.limitReached = Optional.of("the limit of " + rules.maxOffers() + (rules.maxOffers() == 1 ? " offer" : " offers")
                + " per decision is reached");
        for (int k = 0; k < n; k++) {
            IncentiveRule rule = all[k];
            List<RuleCondition> conditions = rule.conditions();
            checks[k] = new Check[conditions.size()];
            for (int j = 0; j < conditions.size(); j++) {
                checks[k][j] = Check.of(rule.id(), conditions.get(j), rules.segmentIds());
                hasWindow[k] |= conditions.get(j) instanceof RuleCondition.Window;
            }
            needsRecommendations[k] = rule.offer() instanceof Offer.ProductOffer p && p.fromRecommendations();
            noRecommendations[k] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_MATCHED, Optional.of(NO_RECOMMENDATIONS),
                    NO_VALUE, NO_BUDGET, NO_DETAIL);
            grantedDetail[k] = Optional.of(rule.offer().describe());
            belowUptake[k] = Optional.of("expected uptake " + rule.expectedUptake().toPlainString()
                    + " is below the minimum " + rules.minimumUptake().toPlainString());
            validFor[k] = Duration.ofDays(rule.terms().validForDays());
        }
        Map<String, Plan> byId = new HashMap<>();
        for (String segment : rules.segmentIds()) {
            byId.put(segment, Plan.of(segment, all, checks));
        }
        this.plans = Map.copyOf(byId);
        this.anySegment = Plan.of(null, all, checks);
    }

    /**
     * Which rules a customer of one segment can still match, and where their testing starts. A rule whose leading
     * conditions are segment conditions that the segment fails has a known trace (not matched, that condition,
     * that segment): it is made once and shared by every decision, and the rule is not looked at again.
     */
    private static final class Plan {
        final int[] live;
        final int[] start;
        final RuleTrace[] known;

        private Plan(int[] live, int[] start, RuleTrace[] known) {
            this.live = live;
            this.start = start;
            this.known = known;
        }

        /** For one segment, or for any (segment null: nothing is known, every rule is tested from its first condition). */
        static Plan of(String segment, IncentiveRule[] all, Check[][] checks) {
            int n = all.length;
            int[] live = new int[n];
            int[] start = new int[n];
            RuleTrace[] known = new RuleTrace[n];
            int m = 0;
            for (int k = 0; k < n; k++) {
                int j = 0;
                RuleTrace fails = null;
                if (segment != null) {
                    while (j < checks[k].length && checks[k][j] instanceof SegmentCheck s) {
                        fails = s.failFor(segment);
                        if (fails != null) {
                            break;
                        }
                        j++;
                    }
                }
                if (fails != null) {
                    known[k] = fails;
                } else {
                    live[m] = k;
                    start[m] = j;
                    m++;
                }
            }
            return new Plan(Arrays.copyOf(live, m), Arrays.copyOf(start, m), known);
        }
    }

    /**
     * A condition ready for the hot path: the trace of its rule when the customer fails it, null when the customer
     * passes. The failure is the one {@link RuleCondition#test} gives, its words made only when read; failures that
     * depend on few values (a segment, a small whole number, no consent at all) are made once and shared.
     */
    private abstract static class Check {
        final String ruleId;

        Check(String ruleId) {
            this.ruleId = ruleId;
        }

        /** Null when the customer passes, otherwise the rule's trace: not matched on this condition. */
        abstract RuleTrace fail(CustomerFacts facts, Instant now, java.util.Currency currency);

        final RuleTrace notMatched(ConditionFailure failure) {
            return new RuleTrace(ruleId, RuleTrace.Outcome.NOT_MATCHED, Optional.of(failure), NO_VALUE, NO_BUDGET, NO_DETAIL);
        }

        static Check of(String ruleId, RuleCondition c, Set<String> segmentIds) {
            if (c instanceof RuleCondition.Range r && r.fact().isWhole()) {
                return new WholeRangeCheck(ruleId, r);
            }
            if (c instanceof RuleCondition.OneOf o && o.attribute() == RuleCondition.Attribute.SEGMENT) {
                return new SegmentCheck(ruleId, o, segmentIds);
            }
            if (c instanceof RuleCondition.OneOf o && o.attribute() == RuleCondition.Attribute.CONSENT) {
                return new ConsentCheck(ruleId, o);
            }
            return new Check(ruleId) {
                @Override
                RuleTrace fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
                    Optional<ConditionFailure> f = c.test(facts, now, currency);
                    return f.isPresent() ? new RuleTrace(ruleId, RuleTrace.Outcome.NOT_MATCHED, f, NO_VALUE, NO_BUDGET, NO_DETAIL)
                            : null;
                }
            };
        }
    }

    /** A range over a whole-number fact: compares longs; the traces of failing values 0..255 are made once. */
    private static final class WholeRangeCheck extends Check {
        private static final int CACHED = 256;
        private final RuleCondition.Range range;
        private final Fact fact;
        private final long lo;
        private final long hi;
        // Made and filled on first failure; RuleTrace and ConditionFailure publish safely (final fields), and a race
        // only makes an equal trace twice.
        private RuleTrace[] byValue;

        WholeRangeCheck(String ruleId, RuleCondition.Range r) {
            super(ruleId);
            this.range = r;
            this.fact = r.fact();
            this.lo = r.min().map(m -> bound(m, RoundingMode.CEILING)).orElse(Long.MIN_VALUE);
            this.hi = r.max().map(m -> bound(m, RoundingMode.FLOOR)).orElse(Long.MAX_VALUE);
        }

        @Override
        RuleTrace fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
            long v = fact.wholeValueOf(facts);
            if (v >= lo && v <= hi) {
                return null;
            }
            if (v >= 0 && v < CACHED) {
                RuleTrace[] cache = byValue;
                if (cache == null) {
                    cache = new RuleTrace[CACHED];
                    byValue = cache;
                }
                RuleTrace t = cache[(int) v];
                if (t == null) {
                    t = notMatched(ConditionFailure.of(range, BigDecimal.valueOf(v)));
                    cache[(int) v] = t;
                }
                return t;
            }
            return notMatched(ConditionFailure.of(range, BigDecimal.valueOf(v)));
        }

        /** A decimal bound as a whole-number bound for whole values (v >= 2.5 is v >= 3), clamped to long. */
        private static long bound(BigDecimal b, RoundingMode mode) {
            BigDecimal whole = b.setScale(0, mode);
            if (whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
                return Long.MAX_VALUE;
            }
            if (whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) <= 0) {
                return Long.MIN_VALUE;
            }
            return whole.longValueExact();
        }
    }

    /** Segment membership: one trace per failing segment of the scheme, made once. */
    private static final class SegmentCheck extends Check {
        private final RuleCondition.OneOf condition;
        private final Map<String, RuleTrace> failing;

        SegmentCheck(String ruleId, RuleCondition.OneOf o, Set<String> segmentIds) {
            super(ruleId);
            this.condition = o;
            Map<String, RuleTrace> m = new HashMap<>();
            for (String segment : segmentIds) {
                if (!o.values().contains(segment)) {
                    m.put(segment, notMatched(ConditionFailure.of(o, segment)));
                }
            }
            this.failing = Map.copyOf(m);
        }

        /** The trace for a segment of the scheme, null when it passes. */
        RuleTrace failFor(String segment) {
            return failing.get(segment);
        }

        @Override
        RuleTrace fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
            String segment = facts.segmentId();
            if (condition.values().contains(segment)) {
                return null;
            }
            RuleTrace known = failing.get(segment);
            return known != null ? known : notMatched(ConditionFailure.of(condition, segment));
        }
    }

    /** Consent to one of the channels: no consent at all fails with one trace, made once. */
    private static final class ConsentCheck extends Check {
        private final RuleCondition.OneOf condition;
        private final String[] channels;
        private final RuleTrace noConsent;

        ConsentCheck(String ruleId, RuleCondition.OneOf o) {
            super(ruleId);
            this.condition = o;
            this.channels = o.values().toArray(new String[0]);
            this.noConsent = notMatched(ConditionFailure.of(o, Set.of()));
        }

        @Override
        RuleTrace fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
            Set<String> consented = facts.consentedChannels();
            if (consented.isEmpty()) {
                return noConsent;
            }
            for (String channel : channels) {
                if (consented.contains(channel)) {
                    return null;
                }
            }
            return notMatched(ConditionFailure.of(condition, consented));
        }
    }

    /** An engine over a rule set, reserving from a ledger, taking "now" from a clock. */
    public static IncentiveEngine of(RuleSet rules, BudgetLedger ledger, Clock clock) {
        return new IncentiveEngine(rules, ledger, clock);
    }

    /** The rule set. */
    public RuleSet rules() {
        return rules;
    }

    /** The ledger. */
    public BudgetLedger ledger() {
        return ledger;
    }

    /**
     * Decides for one customer now; the granted offers' values are reserved in the ledger.
     *
     * @throws io.recall.model.CurrencyMismatchException when the facts' amounts are in another currency
     */
    public Decision decide(CustomerFacts facts) {
        Objects.requireNonNull(facts, "facts");
        Instant now = clock.instant();
        java.util.Currency currency = rules.currency();
        if (!facts.expectedBasket().currency().equals(currency)) {
            throw new io.recall.model.CurrencyMismatchException(currency, facts.expectedBasket().currency());
        }
        Plan plan = plans.get(facts.segmentId());
        if (plan == null) {
            plan = anySegment;
        }
        RuleTrace[] trace = plan.known.clone();
        int[] live = plan.live;
        int[] start = plan.start;
        Candidate[] candidates = null;
        int count = 0;
        for (int i = 0; i < live.length; i++) {
            int k = live[i];
            RuleTrace failed = firstFailure(k, start[i], facts, now, currency);
            if (failed != null) {
                trace[k] = failed;
                continue;
            }
            IncentiveRule rule = all[k];
            Money value = rule.offer().value(facts.expectedBasket(), rules.valuation());
            if (rule.terms().maxDiscount().isPresent() && value.compareTo(rule.terms().maxDiscount().get()) > 0) {
                value = rule.terms().maxDiscount().get().rounded(RoundingMode.DOWN);
            }
            if (candidates == null) {
                candidates = new Candidate[live.length - i];
            }
            Candidate c = new Candidate(k, rule, value);
            // Insertion in selection order: priority, then the strategy's value order, then declaration order.
            int at = count++;
            while (at > 0 && before(c, candidates[at - 1])) {
                candidates[at] = candidates[at - 1];
                at--;
            }
            candidates[at] = c;
        }
        List<Grant> grants = List.of();
        if (count > 0) {
            grants = select(candidates, count, facts, now, trace);
        }
        return new Decision(facts.customerId(), facts.segmentId(), now, grants, Arrays.asList(trace));
    }

    /** Whether a goes before b in selection order. */
    private boolean before(Candidate a, Candidate b) {
        int pa = a.rule.priority();
        int pb = b.rule.priority();
        if (pa != pb) {
            return pa > pb;
        }
        int byValue = a.value.compareTo(b.value);
        if (byValue != 0) {
            return bestForCustomer ? byValue > 0 : byValue < 0;
        }
        return a.index < b.index;
    }

    /** Takes the candidates greedily in order, reserving each from the ledger; traces every one. */
    private List<Grant> select(Candidate[] candidates, int count, CustomerFacts facts, Instant now, RuleTrace[] trace) {
        List<Grant> grants = null;
        Map<String, String> groups = null;
        boolean allTakenStack = true;
        boolean cheapest = rules.strategy() == SelectionStrategy.CHEAPEST_EXPECTED_TO_WORK;
        for (int i = 0; i < count; i++) {
            Candidate c = candidates[i];
            IncentiveRule rule = c.rule;
            int granted = grants == null ? 0 : grants.size();
            Optional<String> skip = null;
            if (cheapest && rule.expectedUptake().compareTo(rules.minimumUptake()) < 0) {
                skip = belowUptake[c.index];
            } else if (granted >= rules.maxOffers()) {
                skip = limitReached;
            } else if (groups != null && rule.exclusiveGroup().isPresent() && groups.containsKey(rule.exclusiveGroup().get())) {
                skip = Optional.of("exclusive group " + rule.exclusiveGroup().get() + " already granted "
                        + groups.get(rule.exclusiveGroup().get()));
            } else if (granted > 0 && (!rule.stackable() || !allTakenStack)) {
                Set<String> taken = new java.util.TreeSet<>();
                for (Grant g : grants) {
                    taken.add(g.ruleId());
                }
                skip = Optional.of((rule.stackable() ? "does not stack with " : "does not stack; already granted ") + taken);
            }
            if (skip != null) {
                trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_SELECTED, NO_FAILURE,
                        Optional.of(c.value), NO_BUDGET, skip);
                continue;
            }
            Instant expires = expiry(c.index, facts, now);
            BudgetEffect effect = ledger.reserve(facts.customerId(), facts.segmentId(), rule.id(), c.value, now, expires);
            if (!effect.isReserved()) {
                trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.OVER_BUDGET, NO_FAILURE,
                        Optional.of(c.value), Optional.of(effect), NO_DETAIL);
                continue;
            }
            List<String> skus = List.of();
            if (rule.offer() instanceof Offer.ProductOffer p) {
                skus = p.fromRecommendations() ? facts.recommendedSkus() : p.skus();
            }
            if (grants == null) {
                grants = new ArrayList<>(Math.min(count - i, 4));
            }
            grants.add(new Grant(rule.id(), rule.offer(), rule.terms(), c.value, skus, effect.reservationId().get(),
                    expires, rule.mayMakeFree()));
            if (rule.exclusiveGroup().isPresent()) {
                if (groups == null) {
                    groups = new HashMap<>();
                }
                groups.put(rule.exclusiveGroup().get(), rule.id());
            }
            // A non-stackable grant ends the decision; stackable ones admit only further stackables.
            allTakenStack &= rule.stackable();
            trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.GRANTED, NO_FAILURE, Optional.of(c.value),
                    Optional.of(effect), grantedDetail[c.index]);
        }
        return grants == null ? List.of() : grants;
    }

    /** Redeems a granted offer: commits its reservation at the amount actually given. */
    public boolean redeem(Grant grant, Money actual) {
        return ledger.commit(grant.reservationId(), actual);
    }

    /** Cancels a granted offer: releases its reservation. */
    public boolean cancel(Grant grant) {
        return ledger.release(grant.reservationId());
    }

    /** Releases every reservation expired by now (the clock's); returns how many. */
    public int expire() {
        return ledger.expire(clock.instant());
    }

    /** {@link #expiry(IncentiveRule, CustomerFacts, Instant)} for rule k, without looking for windows it has none of. */
    private Instant expiry(int k, CustomerFacts facts, Instant now) {
        return hasWindow[k] ? expiry(all[k], facts, now) : now.plus(validFor[k]);
    }

    /**
     * When a grant expires: {@code validForDays} after now, but never after the end of any of the rule's
     * validity windows (its local end in the window's zone, the customer's when it names none), so a
     * limited-time offer is not redeemable after its campaign has ended.
     */
    static Instant expiry(IncentiveRule rule, CustomerFacts facts, Instant now) {
        Instant expires = now.plus(Duration.ofDays(rule.terms().validForDays()));
        for (RuleCondition c : rule.conditions()) {
            if (c instanceof RuleCondition.Window) {
                RuleCondition.Window w = (RuleCondition.Window) c;
                Instant end = w.until().atZone(w.zone().orElse(facts.zone())).toInstant();
                if (end.isBefore(expires)) {
                    expires = end;
                }
            }
        }
        return expires;
    }

    /** Rule k's trace when a condition from {@code from} on fails (or recommendations are missing), null when it matches. */
    private RuleTrace firstFailure(int k, int from, CustomerFacts facts, Instant now, java.util.Currency currency) {
        Check[] cs = checks[k];
        for (int j = from; j < cs.length; j++) {
            RuleTrace f = cs[j].fail(facts, now, currency);
            if (f != null) {
                return f;
            }
        }
        if (needsRecommendations[k] && facts.recommendedSkus().isEmpty()) {
            return noRecommendations[k];
        }
        return null;
    }

    private static final class Candidate {
        final int index;
        final IncentiveRule rule;
        final Money value;

        Candidate(int index, IncentiveRule rule, Money value) {
            this.index = index;
            this.rule = rule;
            this.value = value;
        }
    }
}
