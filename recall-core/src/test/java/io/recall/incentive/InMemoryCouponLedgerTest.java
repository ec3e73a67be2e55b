package io.recall.incentive;

/** The coupon ledger contract in memory. */
class InMemoryCouponLedgerTest extends CouponLedgerContract {
    @Override
    CouponLedger ledger() {
        return CouponLedger.inMemory();
    }
}
