package io.recall.examples.callback;

import io.recall.incentive.Decision;
import io.recall.model.CustomerProfile;
import io.recall.segment.Classification;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything known about one customer that the call-back list may use.
 *
 * @param classification   their metrics, scores and segment
 * @param profile          their contact record (name, phones in E.164, time zone), if there is one
 * @param complaints       their complaints, open or not
 * @param decision         the incentive decision whose offer the caller mentions, if one was made
 * @param probabilityAlive their predicted P(alive), if predicted
 */
public record CallbackCandidate(Classification classification, Optional<CustomerProfile> profile,
                                List<Complaint> complaints, Optional<Decision> decision, OptionalDouble probabilityAlive) {

    /** Validates and copies, and checks that every part is about the same customer. */
    public CallbackCandidate {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(profile, "profile");
        complaints = List.copyOf(complaints);
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(probabilityAlive, "probabilityAlive");
        String id = classification.customerId();
        profile.filter(p -> !p.id().equals(id)).ifPresent(p -> {
            throw new IllegalArgumentException("profile " + p.id() + " given for customer " + id);
        });
        complaints.stream().filter(c -> !c.customerId().equals(id)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("complaint " + c.id() + " of " + c.customerId() + " given for customer " + id);
        });
        decision.filter(d -> !d.customerId().equals(id)).ifPresent(d -> {
            throw new IllegalArgumentException("decision for " + d.customerId() + " given for customer " + id);
        });
    }

    /** A candidate with a contact record only: no complaints, no decision, no prediction. */
    public static CallbackCandidate of(Classification classification, CustomerProfile profile) {
        return new CallbackCandidate(classification, Optional.of(profile), List.of(), Optional.empty(),
                OptionalDouble.empty());
    }

    /** The customer's id. */
    public String customerId() {
        return classification.customerId();
    }
}
