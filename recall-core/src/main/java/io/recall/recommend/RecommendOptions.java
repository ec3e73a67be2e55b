package io.recall.recommend;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a {@link CoPurchaseModel} is fitted.
 *
 * <p>The similarity of items {@code a} and {@code b}, bought together in {@code c} orders out of
 * {@code n(a)} and {@code n(b)} orders containing each, is
 * {@code c / sqrt(n(a)·n(b)) · c / (c + shrinkage)}: the cosine of their order vectors, shrunk
 * towards zero when few orders support it. Pairs bought together fewer than {@code minCoPurchases}
 * times are not neighbours at all.
 *
 * <p>An item is <em>replenishable</em> when at least {@code replenishableMinBuyers} customers bought it
 * and at least {@code replenishableMinRepeatShare} of them bought it in two or more separate orders;
 * only replenishable items are recommended again to a customer who already has them.
 *
 * @param neighbours                  the most similar items kept per item, 1..{@value #MAX_NEIGHBOURS}
 * @param shrinkage                   the shrinkage constant, finite and not negative (0: plain cosine)
 * @param minCoPurchases              the fewest orders a neighbour pair must share, at least 1
 * @param replenishableMinBuyers      the fewest buyers a replenishable item has, at least 1
 * @param replenishableMinRepeatShare the share of its buyers who bought it on two or more orders, in (0, 1]
 * @param itemPattern                 a regular expression a SKU must match in full to count as a product;
 *                                    others (postage, fees, manual adjustments) are ignored; empty: all
 */
public record RecommendOptions(int neighbours, double shrinkage, int minCoPurchases, int replenishableMinBuyers,
                               double replenishableMinRepeatShare, Optional<String> itemPattern) {

    /** The most neighbours a model keeps per item. */
    public static final int MAX_NEIGHBOURS = 1000;

    /**
     * The product codes of UCI Online Retail: five digits and optional letters ({@code 85123A}). Leaves
     * out {@code POST}, {@code DOT}, {@code M}, {@code C2}, {@code BANK CHARGES}, {@code PADS} and the like.
     */
    public static final String ONLINE_RETAIL_PRODUCTS = "[0-9]{5}[A-Za-z]*";

    /** Validates the options. */
    public RecommendOptions {
        Objects.requireNonNull(itemPattern, "itemPattern");
        if (neighbours < 1 || neighbours > MAX_NEIGHBOURS) {
            throw new IllegalArgumentException("neighbours must be 1.." + MAX_NEIGHBOURS + " but was " + neighbours);
        }
        if (!Double.isFinite(shrinkage) || shrinkage < 0) {
            throw new IllegalArgumentException("shrinkage must be finite and >= 0 but was " + shrinkage);
        }
        if (minCoPurchases < 1) {
            throw new IllegalArgumentException("minCoPurchases must be at least 1 but was " + minCoPurchases);
        }
        if (replenishableMinBuyers < 1) {
            throw new IllegalArgumentException("replenishableMinBuyers must be at least 1 but was "
                    + replenishableMinBuyers);
        }
        if (!(replenishableMinRepeatShare > 0 && replenishableMinRepeatShare <= 1)) {
            throw new IllegalArgumentException("replenishableMinRepeatShare must be in (0, 1] but was "
                    + replenishableMinRepeatShare);
        }
        itemPattern.ifPresent(RecommendOptions::compile);
    }

    /**
     * 30 neighbours, shrinkage 10, at least 2 shared orders; replenishable: 20 buyers of whom 30 % bought
     * it again; every SKU is a product. Chosen on a validation split of Online Retail (train to June 2011,
     * validate July to September), see {@code docs/adr/0004-recommendations.md}.
     */
    public static RecommendOptions defaults() {
        return new RecommendOptions(30, 10.0, 2, 20, 0.3, Optional.empty());
    }

    /** These options keeping {@code neighbours} neighbours per item. */
    public RecommendOptions withNeighbours(int neighbours) {
        return new RecommendOptions(neighbours, shrinkage, minCoPurchases, replenishableMinBuyers,
                replenishableMinRepeatShare, itemPattern);
    }

    /** These options with another shrinkage constant. */
    public RecommendOptions withShrinkage(double shrinkage) {
        return new RecommendOptions(neighbours, shrinkage, minCoPurchases, replenishableMinBuyers,
                replenishableMinRepeatShare, itemPattern);
    }

    /** These options requiring {@code min} shared orders per neighbour pair. */
    public RecommendOptions withMinCoPurchases(int min) {
        return new RecommendOptions(neighbours, shrinkage, min, replenishableMinBuyers,
                replenishableMinRepeatShare, itemPattern);
    }

    /** These options with another definition of replenishable. */
    public RecommendOptions withReplenishable(int minBuyers, double minRepeatShare) {
        return new RecommendOptions(neighbours, shrinkage, minCoPurchases, minBuyers, minRepeatShare, itemPattern);
    }

    /** These options with no item replenishable: nothing a customer has is recommended again. */
    public RecommendOptions withoutReplenishables() {
        return withReplenishable(Integer.MAX_VALUE, 1.0);
    }

    /**
     * These options counting only SKUs that match {@code regex} in full as products.
     *
     * @throws IllegalArgumentException if the expression does not compile
     */
    public RecommendOptions withItemPattern(String regex) {
        Objects.requireNonNull(regex, "regex");
        return new RecommendOptions(neighbours, shrinkage, minCoPurchases, replenishableMinBuyers,
                replenishableMinRepeatShare, Optional.of(regex));
    }

    /** The compiled item pattern, when there is one. */
    Optional<Pattern> compiledItemPattern() {
        return itemPattern.map(RecommendOptions::compile);
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("item pattern '" + regex + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }

    /** True when an item with these many buyers and repeat buyers is replenishable under these options. */
    boolean replenishable(int buyers, int repeatBuyers) {
        // Compared as counts so that a share exactly at the threshold qualifies without rounding doubt.
        return buyers >= replenishableMinBuyers && repeatBuyers >= replenishableMinRepeatShare * buyers;
    }
}
