package io.recall.incentive;

/** The points and tier ledger contract in memory. */
class InMemoryPointsLedgerTest extends PointsLedgerContract {
    private final PointsLedger points = PointsLedger.inMemory();
    private final TierLedger tiers = TierLedger.inMemory();

    @Override
    PointsLedger points() {
        return points;
    }

    @Override
    TierLedger tiers() {
        return tiers;
    }
}
