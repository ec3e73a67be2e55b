package io.recall.incentive;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * How often a budget starts afresh, on the shop's calendar: a reservation counts against the period in which
 * it was made (its commit or release goes to that same period), and each period has the whole limit.
 */
public enum BudgetPeriod {
    /** Each local day from midnight. */
    DAILY,
    /** Each ISO week, from Monday midnight. */
    WEEKLY,
    /** Each calendar month, from the first at midnight. */
    MONTHLY;

    /** The JSON name, e.g. {@code daily}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period by its JSON name. */
    public static Optional<BudgetPeriod> byJsonName(String name) {
        for (BudgetPeriod p : values()) {
            if (p.jsonName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The local date on which the period holding {@code at} starts, on the calendar of {@code zone}. */
    public LocalDate start(Instant at, ZoneId zone) {
        LocalDate day = LocalDate.ofInstant(at, zone);
        switch (this) {
            case DAILY:
                return day;
            case WEEKLY:
                return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY:
                return day.withDayOfMonth(1);
            default:
                throw new AssertionError(this);
        }
    }
}
