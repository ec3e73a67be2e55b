package io.recall.incentive;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule: when every condition holds, the customer may get the offer.
 *
 * @param id             a stable id: lower-case letters, digits and {@code -}
 * @param priority       higher goes first, before the selection strategy orders the rest
 * @param exclusiveGroup at most one rule of a group is granted per decision
 * @param stackable      whether it may be granted together with other stackable rules
 * @param mayMakeFree    whether stacked with others it may take an order to zero
 * @param expectedUptake the share of customers expected to redeem it, 0..1 (for the cheapest-that-works strategy)
 * @param conditions     all must hold, tested in order (the first failing one is explained)
 * @param offer          what it gives
 * @param terms          cap, minimum spend, restrictions, expiry
 */
public record IncentiveRule(String id, int priority, Optional<String> exclusiveGroup, boolean stackable,
                            boolean mayMakeFree, BigDecimal expectedUptake, List<RuleCondition> conditions,
                            Offer offer, OfferTerms terms) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** Validates and copies. */
    public IncentiveRule {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("rule id must match " + ID.pattern() + " but was '" + id + "'");
        }
        Objects.requireNonNull(exclusiveGroup, "exclusiveGroup");
        Objects.requireNonNull(expectedUptake, "expectedUptake");
        if (expectedUptake.signum() < 0 || expectedUptake.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("expected uptake of rule " + id + " must be 0..1 but was " + expectedUptake);
        }
        conditions = List.copyOf(conditions);
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(terms, "terms");
    }

    /** A rule with priority 0, no group, not stackable, uptake 0.05 and the default terms. */
    public static IncentiveRule of(String id, List<RuleCondition> conditions, Offer offer) {
        return new IncentiveRule(id, 0, Optional.empty(), false, false, new BigDecimal("0.05"), conditions, offer,
                OfferTerms.DEFAULT);
    }

    /** A copy with a priority. */
    public IncentiveRule withPriority(int priority) {
        return new IncentiveRule(id, priority, exclusiveGroup, stackable, mayMakeFree, expectedUptake, conditions, offer, terms);
    }

    /** A copy in an exclusive group. */
    public IncentiveRule inGroup(String group) {
        return new IncentiveRule(id, priority, Optional.of(group), stackable, mayMakeFree, expectedUptake, conditions, offer, terms);
    }

    /** A copy that stacks (or not) and may (or not) make a stacked order free. */
    public IncentiveRule stacking(boolean stackable, boolean mayMakeFree) {
        return new IncentiveRule(id, priority, exclusiveGroup, stackable, mayMakeFree, expectedUptake, conditions, offer, terms);
    }

    /** A copy with an expected uptake. */
    public IncentiveRule withExpectedUptake(String uptake) {
        return new IncentiveRule(id, priority, exclusiveGroup, stackable, mayMakeFree, new BigDecimal(uptake), conditions, offer, terms);
    }

    /** A copy with terms. */
    public IncentiveRule withTerms(OfferTerms terms) {
        return new IncentiveRule(id, priority, exclusiveGroup, stackable, mayMakeFree, expectedUptake, conditions, offer, terms);
    }
}
