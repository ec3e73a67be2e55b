package io.recall.journey;

import java.time.Instant;
import java.util.Objects;

/**
 * Where one customer stands in one journey: the latest entry only (a re-entry replaces it).
 *
 * @param journeyId   the journey
 * @param customerId  the customer
 * @param entry       which entry this is, 1 for the first; part of every message key so re-entries send anew
 * @param stepId      the step the instance is at (for a finished one, the last step reached)
 * @param status      active, done or exited
 * @param triggeredAt when the trigger that started this entry fired; later entries need a later trigger
 * @param enteredAt   when the entry began
 * @param dueAt       when the current step is due (a wait's end), meaningful while active
 * @param version     incremented by every change; stores replace only the version they were given
 * @param updatedAt   when it last changed (for a finished entry: when it finished)
 */
public record JourneyInstance(String journeyId, String customerId, int entry, String stepId, Status status,
                              Instant triggeredAt, Instant enteredAt, Instant dueAt, long version,
                              Instant updatedAt) {

    /** Where an instance stands. */
    public enum Status {
        /** Moving through the steps. */
        ACTIVE,
        /** Reached an exit step. */
        DONE,
        /** Left early: the customer replied STOP, or purchased when the journey exits on purchase. */
        EXITED
    }

    /** Requires every value. */
    public JourneyInstance {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(triggeredAt, "triggeredAt");
        Objects.requireNonNull(enteredAt, "enteredAt");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (entry < 1) {
            throw new IllegalArgumentException("entry must be at least 1 but was " + entry);
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative but was " + version);
        }
    }

    /** This instance moved on: at {@code stepId} with {@code status}, due at {@code dueAt}, one version later. */
    public JourneyInstance next(String stepId, Status status, Instant dueAt, Instant now) {
        return new JourneyInstance(journeyId, customerId, entry, stepId, status, triggeredAt, enteredAt, dueAt,
                version + 1, now);
    }

    /** Whether the instance is still moving. */
    public boolean active() {
        return status == Status.ACTIVE;
    }
}
