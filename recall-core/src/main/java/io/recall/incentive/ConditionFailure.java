package io.recall.incentive;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The first condition of a rule that a customer did not meet, with what was there and what was wanted.
 *
 * <p>A decision records one for nearly every rule that does not match, and few are ever read, so the
 * sentences are made when first asked for (a failure built by the engine keeps the condition and the raw
 * value). Equal when condition, actual and expected read alike. Immutable and thread-safe.
 */
public final class ConditionFailure {

    private final RuleCondition source;
    private final Object rawActual;
    // Made when first read; a race only makes the same immutable string twice.
    private String condition;
    private String actual;
    private String expected;

    /**
     * A failure as sentences.
     *
     * @param condition the condition's name as in the JSON ({@code segment}, {@code r}, {@code validity})
     * @param actual    the customer's value, e.g. {@code 1} or {@code absent}
     * @param expected  what the rule wanted, e.g. {@code >= 2}
     */
    public ConditionFailure(String condition, String actual, String expected) {
        this.source = null;
        this.rawActual = null;
        this.condition = Objects.requireNonNull(condition, "condition");
        this.actual = Objects.requireNonNull(actual, "actual");
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    private ConditionFailure(RuleCondition source, Object rawActual) {
        this.source = source;
        this.rawActual = rawActual;
    }

    /** A failure of {@code source} on a value (a String, a BigDecimal or a collection of strings), put into words when read. */
    static ConditionFailure of(RuleCondition source, Object rawActual) {
        return new ConditionFailure(Objects.requireNonNull(source, "source"), Objects.requireNonNull(rawActual, "rawActual"));
    }

    /** The condition's name as in the JSON ({@code segment}, {@code r}, {@code validity}). */
    public String condition() {
        String c = condition;
        if (c == null) {
            c = source.name();
            condition = c;
        }
        return c;
    }

    /** The customer's value, e.g. {@code 1} or {@code absent}. */
    public String actual() {
        String a = actual;
        if (a == null) {
            if (rawActual instanceof BigDecimal d) {
                a = d.toPlainString();
            } else if (rawActual instanceof Collection<?> values) {
                a = new TreeSet<>(values).toString();
            } else {
                a = rawActual.toString();
            }
            actual = a;
        }
        return a;
    }

    /** What the rule wanted, e.g. {@code >= 2}. */
    public String expected() {
        String e = expected;
        if (e == null) {
            e = source.expected();
            expected = e;
        }
        return e;
    }

    /** {@code r was 1, expected >= 2}. */
    public String text() {
        return condition() + " was " + actual() + ", expected " + expected();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConditionFailure f && condition().equals(f.condition()) && actual().equals(f.actual())
                && expected().equals(f.expected());
    }

    @Override
    public int hashCode() {
        return Objects.hash(condition(), actual(), expected());
    }

    @Override
    public String toString() {
        return "ConditionFailure[condition=" + condition() + ", actual=" + actual() + ", expected=" + expected() + "]";
    }
}
