package io.recall.predict;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The unit in which a BTYD model measures time: days or weeks for the continuous-time models, transaction
 * opportunities for BG/BB. Days and weeks convert into each other (a week is 7 days); opportunities
 * convert into nothing else.
 */
public enum PeriodUnit {
    /** Calendar days. */
    DAYS(1),
    /** Weeks of 7 days: the unit of the BTYD papers' CDNOW examples. */
    WEEKS(7),
    /** Discrete transaction opportunities (BG/BB): whole numbers, of whatever length the data defines. */
    OPPORTUNITIES(0);

    private final int days;

    PeriodUnit(int days) {
        this.days = days;
    }

    /** The lower-case name used in JSON and on the command line, e.g. {@code weeks}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether amounts in this unit convert into {@code other}. */
    public boolean convertsTo(PeriodUnit other) {
        return this == other || (days > 0 && other.days > 0);
    }

    /**
     * An amount of this unit expressed in {@code target}.
     *
     * @throws IllegalArgumentException when the units do not convert (opportunities and calendar time)
     */
    public double convert(double amount, PeriodUnit target) {
        if (this == target) {
            return amount;
        }
        if (!convertsTo(target)) {
            throw new IllegalArgumentException("cannot convert " + id() + " to " + target.id()
                    + ": transaction opportunities have no fixed length in calendar time");
        }
        return amount * days / target.days;
    }

    /** The unit with the given {@link #id()}. */
    public static Optional<PeriodUnit> byId(String id) {
        return Arrays.stream(values()).filter(u -> u.id().equals(id)).findFirst();
    }
}
