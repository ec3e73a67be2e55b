package io.recall.incentive;

import io.recall.model.Money;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The small print of an offer.
 *
 * @param maxDiscount  the most the offer is worth, whatever the basket (a cap)
 * @param minimumSpend the order amount below which the offer does not apply at checkout
 * @param categories   the categories it applies to; empty for all
 * @param skus         the SKUs it applies to; empty for all
 * @param validForDays how long a granted offer stays valid, in whole days from the decision (1..366)
 */
public record OfferTerms(Optional<Money> maxDiscount, Optional<Money> minimumSpend, Set<String> categories,
                         Set<String> skus, int validForDays) {

    /** Thirty days, no cap, no minimum, no restriction. */
    public static final OfferTerms DEFAULT = new OfferTerms(Optional.empty(), Optional.empty(), Set.of(), Set.of(), 30);

    /** Validates and copies. */
    public OfferTerms {
        Objects.requireNonNull(maxDiscount, "maxDiscount");
        Objects.requireNonNull(minimumSpend, "minimumSpend");
        maxDiscount.ifPresent(m -> Valuation.requireNonNegative(m, "maxDiscount"));
        minimumSpend.ifPresent(m -> Valuation.requireNonNegative(m, "minimumSpend"));
        categories = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(categories));
        skus = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(skus));
        if (validForDays < 1 || validForDays > 366) {
            throw new IllegalArgumentException("validForDays must be 1..366 but was " + validForDays);
        }
    }

    /** A copy with a cap. */
    public OfferTerms withMaxDiscount(Money cap) {
        return new OfferTerms(Optional.of(cap), minimumSpend, categories, skus, validForDays);
    }

    /** A copy with a minimum spend. */
    public OfferTerms withMinimumSpend(Money minimum) {
        return new OfferTerms(maxDiscount, Optional.of(minimum), categories, skus, validForDays);
    }

    /** A copy valid for other days. */
    public OfferTerms withValidForDays(int days) {
        return new OfferTerms(maxDiscount, minimumSpend, categories, skus, days);
    }

    /** A copy restricted to categories and SKUs. */
    public OfferTerms restrictedTo(Set<String> categories, Set<String> skus) {
        return new OfferTerms(maxDiscount, minimumSpend, categories, skus, validForDays);
    }
}
