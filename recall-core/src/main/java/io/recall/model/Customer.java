package io.recall.model;

import java.util.Objects;

/**
 * A customer: who they are and what they bought.
 *
 * @param profile the person
 * @param history their purchases and refunds; its customer id equals the profile's
 */
public record Customer(CustomerProfile profile, CustomerHistory history) {

    /** Checks that profile and history are the same customer. */
    public Customer {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(history, "history");
        if (!profile.id().equals(history.customerId())) {
            throw new IllegalArgumentException(
                    "profile " + profile.id() + " and history " + history.customerId() + " are different customers");
        }
    }

    /** The customer's id. */
    public String id() {
        return profile.id();
    }
}
