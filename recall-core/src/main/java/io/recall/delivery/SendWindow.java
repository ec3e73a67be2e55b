package io.recall.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * A daily send window in the customer's local time, such as SMS only 19:00-21:00.
 *
 * <p>Open from {@code start} (inclusive) to {@code end} (exclusive) on the customer's wall clock; when
 * {@code end} is before {@code start} the window crosses midnight (22:00-06:00 is open at 23:00 and at
 * 05:00). Whether an instant is inside is read on the wall clock at that instant, so a DST gap or overlap
 * never opens a window at a local time outside it. Immutable and thread-safe.
 *
 * @param start the local time the window opens
 * @param end   the local time it closes; not equal to {@code start}
 */
public record SendWindow(LocalTime start, LocalTime end) {

    /** Validates the bounds. */
    public SendWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("a send window must not open and close at the same time " + start
                    + "; configure no window for 'always'");
        }
    }

    /** A window from {@code start} to {@code end}, local time. */
    public static SendWindow of(LocalTime start, LocalTime end) {
        return new SendWindow(start, end);
    }

    /** Whether the window crosses midnight. */
    public boolean crossesMidnight() {
        return end.isBefore(start);
    }

    /** Whether a local wall-clock time is inside the window. */
    public boolean contains(LocalTime local) {
        return crossesMidnight()
                ? !local.isBefore(start) || local.isBefore(end)
                : !local.isBefore(start) && local.isBefore(end);
    }

    /** Whether the window is open at an instant in a zone. */
    public boolean isOpen(Instant at, ZoneId zone) {
        return contains(at.atZone(zone).toLocalTime());
    }

    /**
     * The first instant at or after {@code now} at which the window is open in {@code zone}: {@code now} itself
     * when open. Openings happen where the wall clock reaches {@code start} (at either offset of an
     * overlap) or where a zone transition jumps it into the window (a DST gap swallowing {@code start}).
     */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (isOpen(now, zone)) {
            return now;
        }
        ZoneRules rules = zone.getRules();
        LocalDate today = now.atZone(zone).toLocalDate();
        Instant best = null;
        // Eight days covers a zone that skips a whole day (Samoa, 2011) and a window inside a DST gap.
        for (int d = -1; d <= 8; d++) {
            LocalDateTime local = LocalDateTime.of(today.plusDays(d), start);
            ZonedDateTime earlier = ZonedDateTime.ofLocal(local, zone, null);
            best = earliestOpen(best, earlier.withEarlierOffsetAtOverlap().toInstant(), now, zone);
            best = earliestOpen(best, earlier.withLaterOffsetAtOverlap().toInstant(), now, zone);
        }
        Instant limit = now.plus(Duration.ofDays(9));
        ZoneOffsetTransition t = rules.nextTransition(now);
        while (t != null && t.getInstant().isBefore(limit)) {
            best = earliestOpen(best, t.getInstant(), now, zone);
            t = rules.nextTransition(t.getInstant());
        }
        if (best == null) {
            throw new IllegalStateException("send window " + this + " never opens in zone " + zone + " after " + now);
        }
        return best;
    }

    private Instant earliestOpen(Instant best, Instant candidate, Instant now, ZoneId zone) {
        if (candidate.isBefore(now) || !isOpen(candidate, zone)) {
            return best;
        }
        return best == null || candidate.isBefore(best) ? candidate : best;
    }

    /** {@code 19:00-21:00}. */
    @Override
    public String toString() {
        return start + "-" + end;
    }
}
