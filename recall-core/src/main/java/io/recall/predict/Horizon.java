package io.recall.predict;

import java.util.Objects;

/**
 * A length of time with its unit, such as 52 weeks or 5 transaction opportunities: every prediction
 * horizon carries its unit, so that "the next 52" never has to be guessed.
 *
 * @param length how many units, finite and at least 0
 * @param unit   the unit
 */
public record Horizon(double length, PeriodUnit unit) {

    /** Validates the length. */
    public Horizon {
        Objects.requireNonNull(unit, "unit");
        if (!(length >= 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("a horizon must be a finite length >= 0 but was " + length + " " + unit.id());
        }
        if (unit == PeriodUnit.OPPORTUNITIES && length != Math.rint(length)) {
            throw new IllegalArgumentException("a horizon in opportunities must be whole but was " + length);
        }
    }

    /** {@code length} days. */
    public static Horizon days(double length) {
        return new Horizon(length, PeriodUnit.DAYS);
    }

    /** {@code length} weeks. */
    public static Horizon weeks(double length) {
        return new Horizon(length, PeriodUnit.WEEKS);
    }

    /** {@code count} transaction opportunities. */
    public static Horizon opportunities(int count) {
        return new Horizon(count, PeriodUnit.OPPORTUNITIES);
    }

    /**
     * The length in {@code target} units.
     *
     * @throws IllegalArgumentException when the units do not convert
     */
    public double lengthIn(PeriodUnit target) {
        return unit.convert(length, target);
    }

    /** E.g. {@code 52 weeks}. */
    @Override
    public String toString() {
        String amount = length == Math.rint(length) && Math.abs(length) < 1e15 ? String.valueOf((long) length)
                : String.valueOf(length);
        return amount + " " + unit.id();
    }
}
