package io.recall.examples.callback;

import io.recall.channels.Address;
import io.recall.model.Money;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the call-back list: who to call, when, and what to talk about.
 *
 * @param customerId      the customer
 * @param name            their name, if known
 * @param contact         the number (E.164) and the customer's zone
 * @param segmentId       their segment
 * @param segmentLabel    its English label
 * @param atRiskBecause   why they are at risk
 * @param bestTime        the next calling slot on their clock
 * @param orders          purchase occasions
 * @param spend           net spend (as the metrics were computed: total by default)
 * @param lastPurchase    the local date of their last purchase
 * @param openComplaints  complaints open now
 * @param latestComplaint the most recently opened of the open complaints
 * @param offer           the offer to mention, if the decision granted one
 */
public record CallbackEntry(String customerId, Optional<String> name, Address.CallbackEntry contact, String segmentId,
                            String segmentLabel, String atRiskBecause, CallingHours.Slot bestTime, int orders,
                            Money spend, LocalDate lastPurchase, int openComplaints, Optional<Complaint> latestComplaint,
                            Optional<OfferToMention> offer) {

    /**
     * The offer the caller mentions.
     *
     * @param description what it is, such as {@code 10% off + free shipping}
     * @param value       what it is worth to the customer on their expected basket
     * @param validUntil  its last day, on the customer's calendar
     */
    public record OfferToMention(String description, Money value, LocalDate validUntil) {

        /** Validates that nothing is missing. */
        public OfferToMention {
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(validUntil, "validUntil");
        }
    }

    /** Validates that nothing is missing. */
    public CallbackEntry {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(segmentLabel, "segmentLabel");
        Objects.requireNonNull(atRiskBecause, "atRiskBecause");
        Objects.requireNonNull(bestTime, "bestTime");
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        Objects.requireNonNull(latestComplaint, "latestComplaint");
        Objects.requireNonNull(offer, "offer");
    }
}
