package io.recall.incentive;

import io.recall.model.Money;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An offer granted to a customer, with its budget reservation.
 *
 * @param ruleId        the rule that granted it
 * @param offer         the offer
 * @param terms         its small print
 * @param value         what it is worth (and what is reserved), after the cap
 * @param skus          the products of a product offer (the customer's recommendations when so configured)
 * @param reservationId the budget reservation to commit on redemption or release on cancellation
 * @param expiresAt     when it stops being valid
 * @param mayMakeFree   whether stacked with others it may take an order to zero
 */
public record Grant(String ruleId, Offer offer, OfferTerms terms, Money value, List<String> skus,
                    String reservationId, Instant expiresAt, boolean mayMakeFree) {

    /** Validates and copies. */
    public Grant {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(value, "value");
        skus = List.copyOf(skus);
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
