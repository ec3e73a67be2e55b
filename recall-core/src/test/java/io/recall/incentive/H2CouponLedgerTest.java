package io.recall.incentive;

import io.recall.testing.Databases;

/** The coupon ledger contract on embedded H2 (one database for the class; codes are unique per test). */
class H2CouponLedgerTest extends CouponLedgerContract {

    private static CouponLedger shared;

    @Override
    CouponLedger ledger() {
        synchronized (H2CouponLedgerTest.class) {
            if (shared == null) {
                shared = JdbcIncentiveStores.migrate(Databases.h2(), T0).coupons();
            }
            return shared;
        }
    }
}
