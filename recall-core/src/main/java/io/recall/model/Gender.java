package io.recall.model;

/** A customer's gender as the customer stated it; {@code UNSPECIFIED} when they chose not to say. */
public enum Gender {
    FEMALE, MALE, OTHER, UNSPECIFIED
}
