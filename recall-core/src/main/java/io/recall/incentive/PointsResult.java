package io.recall.incentive;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a points operation. Repeating an operation id answers as the first call did.
 *
 * @param customerId  the account
 * @param operationId the operation
 * @param outcome     what happened
 * @param entry       the ledger line written (or written before, for a repeat), when applied
 * @param message     a sentence for people
 */
public record PointsResult(String customerId, String operationId, Outcome outcome, Optional<PointsEntry> entry,
                           String message) {

    /** What happened. */
    public enum Outcome {
        /** Written (now, or by an earlier call with the same operation id). */
        APPLIED,
        /** Fewer points are spendable than asked for; nothing written. */
        INSUFFICIENT,
        /** The operation id was used before for a different operation; nothing written. */
        CONFLICT,
        /** A reversal names earned points that do not exist, are spendable already, or are gone; nothing written. */
        NOT_REVERSIBLE
    }

    /** Validates. */
    public PointsResult {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(message, "message");
        if (entry.isPresent() != (outcome == Outcome.APPLIED)) {
            throw new IllegalArgumentException("exactly an applied operation has a ledger line");
        }
    }

    /** True when applied. */
    public boolean isApplied() {
        return outcome == Outcome.APPLIED;
    }
}
