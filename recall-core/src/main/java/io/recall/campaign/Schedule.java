package io.recall.campaign;

import io.recall.delivery.SendWindow;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a campaign sends: between two instants, and only inside a daily window on each customer's own clock.
 *
 * @param start      the first instant a message may go out; the holdout's attribution starts here too
 * @param end        the instant after which nothing is sent; after {@code start}
 * @param sendWindow the local window, read in each customer's zone (10:00-20:00)
 */
public record Schedule(Instant start, Instant end, SendWindow sendWindow) {

    /** Validates the order of the bounds. */
    public Schedule {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(sendWindow, "sendWindow");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("schedule end " + end + " must be after its start " + start);
        }
    }

    /**
     * When a message to a customer in {@code zone} is due if enqueued at {@code now}: the first window opening
     * at or after both {@code now} and the start; empty when that is at or after the end.
     */
    public java.util.Optional<Instant> dueAt(Instant now, ZoneId zone) {
        Instant from = now.isAfter(start) ? now : start;
        Instant due = sendWindow.nextOpening(from, zone);
        return due.isBefore(end) ? java.util.Optional.of(due) : java.util.Optional.empty();
    }
}
