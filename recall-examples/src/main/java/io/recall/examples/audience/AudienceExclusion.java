package io.recall.examples.audience;

import java.util.Objects;

/**
 * A customer left out of an audience, and why.
 *
 * @param customerId the customer
 * @param reason     why
 * @param detail     for people: what was found (identifiers masked)
 */
public record AudienceExclusion(String customerId, Reason reason, String detail) {

    /** Why a customer was left out. */
    public enum Reason {
        /** No ad-audience consent was ever given. */
        NO_AD_CONSENT,
        /** Ad-audience consent was withdrawn. */
        AD_CONSENT_WITHDRAWN,
        /** Neither a valid e-mail address nor an E.164 phone number. */
        NO_VALID_IDENTIFIER,
        /** Every valid identifier is already exported for another customer (shared family address, duplicate record). */
        DUPLICATE_IDENTIFIER
    }

    /** Validates that nothing is missing. */
    public AudienceExclusion {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
