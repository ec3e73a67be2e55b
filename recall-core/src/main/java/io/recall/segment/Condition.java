package io.recall.segment;

import java.util.Objects;

/**
 * A closed range test on one field: {@code min <= value <= max}.
 *
 * @param field what is tested
 * @param min   the lowest value that matches
 * @param max   the highest value that matches; at least {@code min}
 */
public record Condition(Field field, long min, long max) {

    /** Validates that the range is not empty. */
    public Condition {
        Objects.requireNonNull(field, "field");
        if (min > max) {
            throw new IllegalArgumentException(field.jsonName() + " range is empty: min " + min + " > max " + max);
        }
    }

    /** {@code min <= field <= max}. */
    public static Condition between(Field field, long min, long max) {
        return new Condition(field, min, max);
    }

    /** {@code field == value}. */
    public static Condition is(Field field, long value) {
        return new Condition(field, value, value);
    }

    /** {@code field >= min}. */
    public static Condition atLeast(Field field, long min) {
        return new Condition(field, min, Long.MAX_VALUE);
    }

    /** {@code field <= max}. */
    public static Condition atMost(Field field, long max) {
        return new Condition(field, Long.MIN_VALUE, max);
    }

    /** True when the value lies in the range. */
    public boolean test(long value) {
        return value >= min && value <= max;
    }
}
