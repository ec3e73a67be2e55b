package io.recall.incentive;

import io.recall.model.Money;

import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    private final RuleSet rules;
    private final BudgetLedger ledger;
    private final Clock clock;
    private final Comparator<Candidate> order;
    // Each rule's conditions made ready for testing (see Check); same order, same answers as RuleCondition.test.
    private final Check[][] checks;

    private IncentiveEngine(RuleSet rules, BudgetLedger ledger, Clock clock) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        Comparator<Candidate> o = Comparator.comparingInt((Candidate c) -> -c.rule.priority());
        o = rules.strategy() == SelectionStrategy.BEST_FOR_CUSTOMER
                ? o.thenComparing((Candidate c) -> c.value, Comparator.reverseOrder())
                : o.thenComparing((Candidate c) -> c.value);
        this.order = o.thenComparingInt(c -> c.index);
        List<IncentiveRule> all = rules.rules();
        this.checks = new Check[all.size()][];
        for (int k = 0; k < all.size(); k++) {
            List<RuleCondition> conditions = all.get(k).conditions();
            checks[k] = new Check[conditions.size()];
            for (int j = 0; j < conditions.size(); j++) {
                checks[k][j] = Check.of(conditions.get(j), rules.segmentIds());
            }
        }
    }

    /**
     * A condition ready for the hot path: whole-number ranges compare longs (no boxing), segments look up a hash
     * set; the rest ask the condition. The failure is the one {@link RuleCondition#test} gives, its words made
     * only when read.
     */
    private abstract static class Check {
        /** Empty when the customer passes. */
        abstract Optional<ConditionFailure> fail(CustomerFacts facts, Instant now, java.util.Currency currency);

        static Check of(RuleCondition c, Set<String> segmentIds) {
            if (c instanceof RuleCondition.Range r && r.fact().isWhole()) {
                long lo = r.min().map(m -> bound(m, java.math.RoundingMode.CEILING)).orElse(Long.MIN_VALUE);
                long hi = r.max().map(m -> bound(m, java.math.RoundingMode.FLOOR)).orElse(Long.MAX_VALUE);
                Fact fact = r.fact();
                return new Check() {
                    @Override
                    Optional<ConditionFailure> fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
                        long v = fact.wholeValueOf(facts);
                        return v < lo || v > hi ? Optional.of(ConditionFailure.of(r, java.math.BigDecimal.valueOf(v)))
                                : Optional.empty();
                    }
                };
            }
            if (c instanceof RuleCondition.OneOf o && o.attribute() == RuleCondition.Attribute.SEGMENT) {
                // Most rules fail here for most customers: one failure per segment, made once.
                Map<String, Optional<ConditionFailure>> answers = new HashMap<>();
                for (String segment : segmentIds) {
                    answers.put(segment, o.values().contains(segment) ? Optional.empty()
                            : Optional.of(ConditionFailure.of(o, segment)));
                }
                return new Check() {
                    @Override
                    Optional<ConditionFailure> fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
                        Optional<ConditionFailure> known = answers.get(facts.segmentId());
                        return known != null ? known : o.test(facts, now, currency);
                    }
                };
            }
            return new Check() {
                @Override
                Optional<ConditionFailure> fail(CustomerFacts facts, Instant now, java.util.Currency currency) {
                    return c.test(facts, now, currency);
                }
            };
        }

        /** A decimal bound as a whole-number bound for whole values (v >= 2.5 is v >= 3), clamped to long. */
        private static long bound(java.math.BigDecimal b, java.math.RoundingMode mode) {
            java.math.BigDecimal whole = b.setScale(0, mode);
            if (whole.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) >= 0) {
                return Long.MAX_VALUE;
            }
            if (whole.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) <= 0) {
                return Long.MIN_VALUE;
            }
            return whole.longValueExact();
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
        if (!facts.expectedBasket().currency().equals(rules.currency())) {
            throw new io.recall.model.CurrencyMismatchException(rules.currency(), facts.expectedBasket().currency());
        }
        List<IncentiveRule> all = rules.rules();
        RuleTrace[] trace = new RuleTrace[all.size()];
        List<Candidate> candidates = new ArrayList<>(4);
        for (int k = 0; k < all.size(); k++) {
            IncentiveRule rule = all.get(k);
            Optional<ConditionFailure> failure = firstFailure(k, rule, facts, now);
            if (failure.isPresent()) {
                trace[k] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_MATCHED, failure, Optional.empty(),
                        Optional.empty(), Optional.empty());
                continue;
            }
            Money value = rule.offer().value(facts.expectedBasket(), rules.valuation());
            if (rule.terms().maxDiscount().isPresent() && value.compareTo(rule.terms().maxDiscount().get()) > 0) {
                value = rule.terms().maxDiscount().get().rounded(RoundingMode.DOWN);
            }
            candidates.add(new Candidate(k, rule, value));
        }
        if (candidates.size() > 1) {
            candidates.sort(order);
        }
        List<Grant> grants = new ArrayList<>();
        Map<String, String> groups = new HashMap<>();
        Set<String> taken = new java.util.TreeSet<>();
        boolean allTakenStack = true;
        for (Candidate c : candidates) {
            IncentiveRule rule = c.rule;
            String skip = null;
            if (rules.strategy() == SelectionStrategy.CHEAPEST_EXPECTED_TO_WORK
                    && rule.expectedUptake().compareTo(rules.minimumUptake()) < 0) {
                skip = "expected uptake " + rule.expectedUptake().toPlainString() + " is below the minimum "
                        + rules.minimumUptake().toPlainString();
            } else if (grants.size() >= rules.maxOffers()) {
                skip = "the limit of " + rules.maxOffers() + (rules.maxOffers() == 1 ? " offer" : " offers")
                        + " per decision is reached";
            } else if (rule.exclusiveGroup().isPresent() && groups.containsKey(rule.exclusiveGroup().get())) {
                skip = "exclusive group " + rule.exclusiveGroup().get() + " already granted "
                        + groups.get(rule.exclusiveGroup().get());
            } else if (!grants.isEmpty() && (!rule.stackable() || !allTakenStack)) {
                skip = (rule.stackable() ? "does not stack with " : "does not stack; already granted ") + taken;
            }
            if (skip != null) {
                trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.NOT_SELECTED, Optional.empty(),
                        Optional.of(c.value), Optional.empty(), Optional.of(skip));
                continue;
            }
            Instant expires = expiry(rule, facts, now);
            BudgetEffect effect = ledger.reserve(facts.customerId(), facts.segmentId(), rule.id(), c.value, now, expires);
            if (!effect.isReserved()) {
                trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.OVER_BUDGET, Optional.empty(),
                        Optional.of(c.value), Optional.of(effect), Optional.empty());
                continue;
            }
            List<String> skus = List.of();
            if (rule.offer() instanceof Offer.ProductOffer) {
                Offer.ProductOffer p = (Offer.ProductOffer) rule.offer();
                skus = p.fromRecommendations() ? facts.recommendedSkus() : p.skus();
            }
            grants.add(new Grant(rule.id(), rule.offer(), rule.terms(), c.value, skus, effect.reservationId().get(),
                    expires, rule.mayMakeFree()));
            taken.add(rule.id());
            rule.exclusiveGroup().ifPresent(g -> groups.put(g, rule.id()));
            // A non-stackable grant ends the decision; stackable ones admit only further stackables.
            allTakenStack &= rule.stackable();
            trace[c.index] = new RuleTrace(rule.id(), RuleTrace.Outcome.GRANTED, Optional.empty(), Optional.of(c.value),
                    Optional.of(effect), Optional.of(rule.offer().describe()));
        }
        return new Decision(facts.customerId(), facts.segmentId(), now, grants, List.of(trace));
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

    private Optional<ConditionFailure> firstFailure(int k, IncentiveRule rule, CustomerFacts facts, Instant now) {
        for (Check c : checks[k]) {
            Optional<ConditionFailure> f = c.fail(facts, now, rules.currency());
            if (f.isPresent()) {
                return f;
            }
        }
        if (rule.offer() instanceof Offer.ProductOffer && ((Offer.ProductOffer) rule.offer()).fromRecommendations()
                && facts.recommendedSkus().isEmpty()) {
            return Optional.of(new ConditionFailure("recommendations", "none", "at least one recommended SKU"));
        }
        return Optional.empty();
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
