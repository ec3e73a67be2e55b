package io.recall.examples.callback;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When the call team may ring a customer, on the customer's own wall clock: windows on calling days; every other
 * hour is quiet.
 *
 * @param windows the daily windows, each within one day (start before end), not overlapping
 * @param days    the days of the week on which calls are made
 */
public record CallingHours(List<Window> windows, Set<DayOfWeek> days) {

    /**
     * One daily window, from {@code start} (inclusive) to {@code end} (exclusive), local time.
     *
     * @param start when calling may start
     * @param end   when it must stop; after {@code start}
     */
    public record Window(LocalTime start, LocalTime end) {

        /** Requires start before end. */
        public Window {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a calling window must start before it ends but was " + start + "-" + end);
            }
        }

        /** Reads {@code HH:MM-HH:MM}. */
        public static Window parse(String text) {
            String[] parts = Objects.requireNonNull(text, "text").strip().split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a calling window must look like 10:00-12:00 but was '" + text + "'");
            }
            try {
                return new Window(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip()));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("a calling window must look like 10:00-12:00 but was '" + text + "'", e);
            }
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    /**
     * A slot to call in: from {@code from} to {@code until}, on the customer's clock.
     *
     * @param from  the earliest moment to call, in the customer's zone
     * @param until when the window closes, in the customer's zone
     */
    public record Slot(ZonedDateTime from, ZonedDateTime until) {

        /** Validates the order. */
        public Slot {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
            if (!from.isBefore(until)) {
                throw new IllegalArgumentException("slot must start before it ends");
            }
        }
    }

    /** Sorts and copies the windows and rejects overlaps. */
    public CallingHours {
        List<Window> sorted = new ArrayList<>(Objects.requireNonNull(windows, "windows"));
        sorted.sort(Comparator.comparing(Window::start));
        windows = List.copyOf(sorted);
        days = Set.copyOf(Objects.requireNonNull(days, "days"));
        if (windows.isEmpty() || days.isEmpty()) {
            throw new IllegalArgumentException("calling hours need at least one window and one day");
        }
        for (int i = 1; i < windows.size(); i++) {
            if (windows.get(i).start().isBefore(windows.get(i - 1).end())) {
                throw new IllegalArgumentException("calling windows " + windows.get(i - 1) + " and " + windows.get(i)
                        + " overlap");
            }
        }
    }

    /** 10:00-12:00 and 14:00-18:00, Monday to Saturday. */
    public static CallingHours defaults() {
        return new CallingHours(List.of(Window.parse("10:00-12:00"), Window.parse("14:00-18:00")),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY));
    }

    /**
     * The first slot at or after {@code now} in {@code zone}: the rest of the current window if one is open,
     * else the next window on a calling day. A window whose start falls in a DST gap starts when the clocks
     * have jumped.
     */
    public Slot nextSlot(Instant now, ZoneId zone) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        // Two weeks always contain a calling day, since at least one day of the week is one.
        for (int d = 0; d <= 14; d++) {
            LocalDate date = today.plusDays(d);
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            for (Window w : windows) {
                ZonedDateTime start = ZonedDateTime.of(date, w.start(), zone);
                ZonedDateTime end = ZonedDateTime.of(date, w.end(), zone);
                if (end.toInstant().isAfter(now) && start.isBefore(end)) {
                    ZonedDateTime from = start.toInstant().isBefore(now) ? now.atZone(zone) : start;
                    return new Slot(from, end);
                }
            }
        }
        throw new IllegalStateException("no calling window in the next two weeks for " + this);
    }
}
