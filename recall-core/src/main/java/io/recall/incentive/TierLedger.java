package io.recall.incentive;

import java.util.List;
import java.util.Optional;

/**
 * Members' tier histories, append-only (an SPI): in memory ({@link #inMemory()}) or in a database
 * ({@link JdbcIncentiveStores#tiers()}). {@link MemberTiers} decides the changes.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TierLedger {

    /** The member's latest change (their current tier), if any. */
    Optional<TierChange> current(String customerId);

    /** The member's changes, oldest first. */
    List<TierChange> history(String customerId);

    /**
     * Appends a change only if the member's current tier is still the change's {@code from} (a compare-and-set,
     * so two reviews racing cannot both apply); returns whether it was appended.
     */
    boolean append(TierChange change);

    /** A new, empty in-memory ledger. */
    static TierLedger inMemory() {
        return new InMemoryTierLedger();
    }
}
