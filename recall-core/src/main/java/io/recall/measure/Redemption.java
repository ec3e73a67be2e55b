package io.recall.measure;

import io.recall.model.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * A redeemed incentive: what it cost the shop.
 *
 * @param customerId who redeemed it
 * @param at         when
 * @param cost       the discount or gift cost, at least zero
 */
public record Redemption(String customerId, Instant at, Money cost) {

    /** Validates the cost. */
    public Redemption {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cost, "cost");
        if (cost.isNegative()) {
            throw new IllegalArgumentException("redemption cost of " + customerId + " must be >= 0 but was " + cost);
        }
    }
}
