package io.recall.incentive;

import java.time.Instant;
import java.util.List;

/**
 * Loyalty points accounts as an append-only ledger (an SPI): in memory ({@link #inMemory()}) or in a
 * database ({@link JdbcIncentiveStores#points()}). {@link PointsPolicy} says when earned points become
 * spendable and when they expire.
 *
 * <p>Earned points are pending until their return window closes, then spendable until they expire. Spending
 * takes from the oldest spendable points first (first in, first out), and never more than is spendable: no
 * balance goes below zero. Every operation carries the caller's operation id; repeating it writes nothing
 * and answers as the first time, and reusing it for something else is refused as a conflict. The balance is
 * always the sum of the account's lines. "Now" is always passed in.
 *
 * <p>Implementations must be thread-safe; operations on one account are serialised.
 */
public interface PointsLedger {

    /** Earns points: pending until {@code availableAt}, spendable until {@code expiresAt}. */
    PointsResult earn(String customerId, String operationId, long points, Instant at, Instant availableAt, Instant expiresAt);

    /** Spends points, oldest spendable first; refused (nothing written) when fewer are spendable at {@code now}. */
    PointsResult redeem(String customerId, String operationId, long points, Instant now);

    /** Takes back what is left of earned points that are still pending (their order was returned in time). */
    PointsResult reverse(String customerId, String operationId, String earnOperationId, Instant now);

    /**
     * Writes off every earned lot of the account whose expiry is at or before {@code now}, one line per lot
     * (operation id {@code expire:<lot>}); returns how many lines were written.
     */
    int expire(String customerId, Instant now);

    /** The account at {@code now}. */
    PointsBalance balance(String customerId, Instant now);

    /** The account's lines in the order written. */
    List<PointsEntry> entries(String customerId);

    /** A new, empty in-memory ledger. */
    static PointsLedger inMemory() {
        return new InMemoryPointsLedger();
    }
}
