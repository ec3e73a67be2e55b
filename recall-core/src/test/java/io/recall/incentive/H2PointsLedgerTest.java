package io.recall.incentive;

import io.recall.testing.Databases;

/** The points and tier ledger contract on embedded H2. */
class H2PointsLedgerTest extends PointsLedgerContract {

    private static JdbcIncentiveStores stores;

    static synchronized JdbcIncentiveStores stores() {
        if (stores == null) {
            stores = JdbcIncentiveStores.migrate(Databases.h2(), T0);
        }
        return stores;
    }

    @Override
    PointsLedger points() {
        return stores().points();
    }

    @Override
    TierLedger tiers() {
        return stores().tiers();
    }
}
