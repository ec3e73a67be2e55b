package io.recall.incentive;

import io.recall.model.Money;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A tier of a membership programme: what qualifies a member for it and what it gives.
 *
 * @param name      the tier's name, as rule conditions on {@code tier} name it
 * @param minSpend  the least spend in the qualification window (for programmes measured by spend)
 * @param minPoints the least points earned in the window (for programmes measured by points)
 * @param benefits  what members of the tier get
 */
public record MemberTier(String name, Money minSpend, long minPoints, Set<Offer.Benefit> benefits) {

    /** Validates and copies. */
    public MemberTier {
        Coupon.requireText(name, "name", 64);
        Valuation.requireNonNegative(minSpend, "minSpend");
        if (minPoints < 0) {
            throw new IllegalArgumentException("tier " + name + " minPoints must be >= 0 but was " + minPoints);
        }
        benefits = benefits.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(benefits));
        Objects.requireNonNull(benefits, "benefits");
    }
}
