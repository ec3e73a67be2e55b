package io.recall.incentive;

/**
 * A points account at one moment.
 *
 * @param available spendable now
 * @param pending   earned, not yet spendable (inside the return window)
 * @param lapsed    past their expiry but not yet written off by {@link PointsLedger#expire}
 */
public record PointsBalance(long available, long pending, long lapsed) {

    /** Validates: nothing is negative. */
    public PointsBalance {
        if (available < 0 || pending < 0 || lapsed < 0) {
            throw new IllegalArgumentException("points balance parts must be >= 0 but were " + available + ", " + pending
                    + ", " + lapsed);
        }
    }

    /** All three: the sum of the account's ledger lines. */
    public long total() {
        return available + pending + lapsed;
    }
}
