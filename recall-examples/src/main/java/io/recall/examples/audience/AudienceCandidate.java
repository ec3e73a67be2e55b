package io.recall.examples.audience;

import java.util.List;
import java.util.Objects;

/**
 * A customer who may join an audience, with every known identifier.
 *
 * @param customerId the customer, whose ad consent is looked up
 * @param emails     e-mail addresses as stored, most preferred first (the first valid one not yet exported for another
 *                   customer is exported)
 * @param phones     phone numbers in E.164 form, most preferred first (the first valid one not yet exported for
 *                   another customer is exported)
 */
public record AudienceCandidate(String customerId, List<String> emails, List<String> phones) {

    /** Validates and copies. */
    public AudienceCandidate {
        Objects.requireNonNull(customerId, "customerId");
        emails = List.copyOf(emails);
        phones = List.copyOf(phones);
    }
}
