package io.recall.incentive;

import io.recall.testing.Databases;

/** The points and tier ledger contract on a real PostgreSQL server. */
class PostgresPointsLedgerTest extends PointsLedgerContract {

    private static JdbcIncentiveStores stores;

    static synchronized JdbcIncentiveStores stores() {
        if (stores == null) {
            stores = JdbcIncentiveStores.migrate(Databases.postgres(), T0);
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
