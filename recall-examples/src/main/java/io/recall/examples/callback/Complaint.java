package io.recall.examples.callback;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A complaint from the service desk.
 *
 * @param customerId who complained
 * @param id         the desk's ticket id
 * @param openedAt   when it was opened
 * @param resolvedAt when it was resolved, if it was
 * @param summary    a short line for the caller (no more than the desk would show)
 */
public record Complaint(String customerId, String id, Instant openedAt, Optional<Instant> resolvedAt, String summary) {

    /** Validates that nothing is missing and that it was not resolved before it was opened. */
    public Complaint {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(openedAt, "openedAt");
        Objects.requireNonNull(resolvedAt, "resolvedAt");
        Objects.requireNonNull(summary, "summary");
        if (resolvedAt.isPresent() && resolvedAt.get().isBefore(openedAt)) {
            throw new IllegalArgumentException("complaint " + id + " was resolved (" + resolvedAt.get()
                    + ") before it was opened (" + openedAt + ")");
        }
    }

    /** Whether it was open at {@code at}: opened by then and not yet resolved. */
    public boolean isOpenAt(Instant at) {
        return !openedAt.isAfter(at) && resolvedAt.map(r -> r.isAfter(at)).orElse(true);
    }
}
