package io.recall.campaign;

import io.recall.model.Money;

import java.time.Instant;
import java.util.Objects;

/**
 * An offer a campaign made to a targeted customer, as recorded (and carried in the message's metadata).
 *
 * @param ruleId        the incentive rule that granted it
 * @param type          the offer type, such as {@code percent-off}
 * @param description   a short text, such as {@code 10% off}
 * @param value         what it is worth, as reserved in the budget
 * @param reservationId the budget reservation, to commit on redemption
 * @param expiresAt     when it stops being valid
 */
public record OfferMade(String ruleId, String type, String description, Money value, String reservationId,
                        Instant expiresAt) {

    /** Validates that nothing is missing. */
    public OfferMade {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
