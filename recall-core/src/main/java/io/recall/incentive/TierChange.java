package io.recall.incentive;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of a member's append-only tier history.
 *
 * @param customerId the member
 * @param from       the tier before; empty when the member joined
 * @param to         the tier after
 * @param reason     why
 * @param at         when
 * @param keptUntil  the member keeps {@code to} at least until then, whatever the spend
 */
public record TierChange(String customerId, Optional<String> from, String to, Reason reason, Instant at, Instant keptUntil) {

    /** Why a member's tier changed. */
    public enum Reason {
        /** First tier. */
        JOINED,
        /** Qualified for a higher tier. */
        UPGRADED,
        /** Qualified again for the same tier after its term ended: kept for another term. */
        RENEWED,
        /** The term ended without qualifying for the tier. */
        DOWNGRADED
    }

    /** Validates. */
    public TierChange {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(keptUntil, "keptUntil");
        if (from.isEmpty() != (reason == Reason.JOINED)) {
            throw new IllegalArgumentException("exactly a first tier has no tier before it");
        }
    }
}
