package io.recall.predict;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The calendar length of one transaction opportunity when BG/BB summaries are made from dated purchases:
 * a customer has at most one "transaction" per period, however many orders fall in it. Periods are counted
 * from a calibration start: period k is [start + k periods, start + k + 1 periods).
 */
public enum OpportunityPeriod {
    /** Seven days. */
    WEEK,
    /** A calendar month (from the start's day of the month). */
    MONTH,
    /** Three calendar months. */
    QUARTER,
    /** A calendar year. */
    YEAR;

    /** The lower-case name used on the command line, e.g. {@code month}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period with the given {@link #id()}. */
    public static Optional<OpportunityPeriod> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The index of the period that contains {@code day}, counting from the one that begins on {@code start}.
     *
     * @throws IllegalArgumentException when {@code day} precedes {@code start}
     */
    public long index(LocalDate start, LocalDate day) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(day, "day");
        if (day.isBefore(start)) {
            throw new IllegalArgumentException(day + " precedes the calibration start " + start);
        }
        // ChronoUnit.between counts whole units, so a month from the 31st ends where plusMonths says.
        switch (this) {
            case WEEK:
                return ChronoUnit.WEEKS.between(start, day);
            case MONTH:
                return ChronoUnit.MONTHS.between(start, day);
            case QUARTER:
                return ChronoUnit.MONTHS.between(start, day) / 3;
            default:
                return ChronoUnit.YEARS.between(start, day);
        }
    }

    /** The first day of period {@code k} counting from {@code start}. */
    public LocalDate startOf(LocalDate start, long k) {
        switch (this) {
            case WEEK:
                return start.plusWeeks(k);
            case MONTH:
                return start.plusMonths(k);
            case QUARTER:
                return start.plusMonths(3 * k);
            default:
                return start.plusYears(k);
        }
    }

    /**
     * The calendar start of the period containing {@code day}: its ISO week's Monday, the first of its month,
     * of its quarter, or of its year. The usual calibration start.
     */
    public LocalDate calendarStart(LocalDate day) {
        switch (this) {
            case WEEK:
                return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH:
                return day.withDayOfMonth(1);
            case QUARTER:
                return LocalDate.of(day.getYear(), (day.getMonthValue() - 1) / 3 * 3 + 1, 1);
            default:
                return day.withDayOfYear(1);
        }
    }
}
