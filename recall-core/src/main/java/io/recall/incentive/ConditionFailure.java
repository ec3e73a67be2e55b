package io.recall.incentive;

import java.util.Objects;

/**
 * The first condition of a rule that a customer did not meet, with what was there and what was wanted.
 *
 * @param condition the condition's name as in the JSON ({@code segment}, {@code r}, {@code validity})
 * @param actual    the customer's value, e.g. {@code 1} or {@code absent}
 * @param expected  what the rule wanted, e.g. {@code >= 2}
 */
public record ConditionFailure(String condition, String actual, String expected) {

    /** Validates the parts. */
    public ConditionFailure {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(expected, "expected");
    }

    /** {@code r was 1, expected >= 2}. */
    public String text() {
        return condition + " was " + actual + ", expected " + expected;
    }
}
