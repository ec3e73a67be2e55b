package io.recall.campaign;

import io.recall.incentive.CustomerFacts;
import io.recall.segment.Classification;

import java.util.Objects;
import java.util.Optional;

/**
 * A customer a campaign considers: their classification, how to reach them, and facts for the incentive rules.
 *
 * @param classification metrics, scores and segment
 * @param contact        how to reach them; empty when unknown (they are excluded for no contact)
 * @param facts          facts for the incentive engine; when empty they are derived from the RFM metrics
 *                       (taken as totals) and the contact
 */
public record Candidate(Classification classification, Optional<Contact> contact, Optional<CustomerFacts> facts) {

    /** Validates that ids agree. */
    public Candidate {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(facts, "facts");
        String id = classification.customerId();
        contact.ifPresent(c -> {
            if (!c.customerId().equals(id)) {
                throw new IllegalArgumentException("contact of " + c.customerId() + " given for customer " + id);
            }
        });
        facts.ifPresent(f -> {
            if (!f.customerId().equals(id)) {
                throw new IllegalArgumentException("facts of " + f.customerId() + " given for customer " + id);
            }
        });
    }

    /** A candidate with a contact and facts derived from RFM. */
    public static Candidate of(Classification classification, Contact contact) {
        return new Candidate(classification, Optional.of(contact), Optional.empty());
    }

    /** The customer id. */
    public String customerId() {
        return classification.customerId();
    }
}
