package io.recall.campaign;

import io.recall.channels.Channel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign run did with one customer.
 *
 * @param customerId the customer
 * @param segmentId  their segment
 * @param status     targeted, held out or excluded
 * @param exclusion  why, exactly when excluded
 * @param channels   the channels of the enqueued plan, preferred first; for a held-out customer the plan they
 *                   would have had (so measurement can compare by channel); empty when excluded
 * @param messageId  the outbox message id, when targeted
 * @param dueAt      when the message is due (the first send-window opening), when targeted
 * @param offers     the offers made (empty for a content campaign or when no rule applied)
 * @param enqueued   whether this run enqueued the message (false when an earlier run had)
 */
public record CustomerOutcome(String customerId, String segmentId, Status status, Optional<Exclusion> exclusion,
                              List<Channel> channels, Optional<String> messageId, Optional<Instant> dueAt,
                              List<OfferMade> offers, boolean enqueued) {

    /** Validates that the parts agree with the status. */
    public CustomerOutcome {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(exclusion, "exclusion");
        channels = List.copyOf(channels);
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(dueAt, "dueAt");
        offers = List.copyOf(offers);
        if ((status == Status.EXCLUDED) != exclusion.isPresent()) {
            throw new IllegalArgumentException(customerId + " has an exclusion reason exactly when excluded, but is "
                    + status + " with " + exclusion);
        }
        if ((status == Status.TARGETED) != messageId.isPresent() || messageId.isPresent() != dueAt.isPresent()) {
            throw new IllegalArgumentException(customerId + " has a message exactly when targeted, but is " + status);
        }
    }

    static CustomerOutcome excluded(String customerId, String segmentId, Exclusion why) {
        return new CustomerOutcome(customerId, segmentId, Status.EXCLUDED, Optional.of(why), List.of(),
                Optional.empty(), Optional.empty(), List.of(), false);
    }

    static CustomerOutcome heldOut(String customerId, String segmentId, List<Channel> wouldHave) {
        return new CustomerOutcome(customerId, segmentId, Status.HELD_OUT, Optional.empty(), wouldHave,
                Optional.empty(), Optional.empty(), List.of(), false);
    }

    /** Where a considered customer ended. */
    public enum Status {
        /** A message was enqueued for them. */
        TARGETED,
        /** Eligible, but held out as the control group: nothing is sent. */
        HELD_OUT,
        /** Not eligible; see the exclusion. */
        EXCLUDED
    }
}
