package io.recall.examples.callback;

import java.util.Objects;

/**
 * A customer considered for the call-back list and left off it, and why.
 *
 * @param customerId the customer
 * @param reason     why
 * @param detail     for people: what was found (phone numbers masked)
 */
public record CallbackExclusion(String customerId, Reason reason, String detail) {

    /** Why a customer is not on the list, in the order the checks run. */
    public enum Reason {
        /** Not in one of the policy's segments. */
        NOT_TARGET_SEGMENT,
        /** In a target segment but not at risk by the policy's rule. */
        NOT_AT_RISK,
        /** No contact record. */
        NO_CONTACT_RECORD,
        /** A contact record without a phone number. */
        NO_PHONE,
        /** Phone numbers, none of them E.164. */
        INVALID_PHONE,
        /** Never agreed to be called. */
        NO_PHONE_CONSENT,
        /** Withdrew consent to be called. */
        PHONE_CONSENT_WITHDRAWN
    }

    /** Validates that nothing is missing. */
    public CallbackExclusion {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
