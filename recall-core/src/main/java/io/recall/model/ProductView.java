package io.recall.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer looked at a product page: what, when, and for how long.
 *
 * <p>Browsing events come from the online shop (or an app) and feed "viewed but not bought"
 * recommendations and journeys. A view with an unknown dwell time carries {@link Duration#ZERO}.
 *
 * @param customerId the customer, not blank
 * @param sku        the product viewed, not blank
 * @param at         when the view started
 * @param dwell      how long the customer stayed on the page, not negative
 */
public record ProductView(String customerId, String sku, Instant at, Duration dwell) {

    /** Validates the view. */
    public ProductView {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(dwell, "dwell");
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("customer id of a view of " + sku + " is blank");
        }
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku of a view by " + customerId + " is blank");
        }
        if (dwell.isNegative()) {
            throw new IllegalArgumentException("dwell of a view of " + sku + " by " + customerId
                    + " must not be negative but was " + dwell);
        }
    }
}
