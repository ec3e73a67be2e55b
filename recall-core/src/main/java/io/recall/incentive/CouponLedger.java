package io.recall.incentive;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The store of issued coupons and their uses (an SPI): in memory ({@link #inMemory()}) or in a database
 * ({@link JdbcIncentiveStores#coupons()}); {@link Coupons} is the API on top.
 *
 * <p>Every change is one guarded step: a reservation or redemption takes one of a coupon's redemptions only
 * while the coupon is active, unexpired, under its total and per-customer limits, so concurrent callers (threads,
 * or processes sharing a database) never redeem a single-use code twice. Each order uses a coupon at most once:
 * reserving or redeeming again for the same order changes nothing and answers as the first time did.
 * Codes are canonical (see {@link CouponCodes#normalize}); "now" is always passed in.
 *
 * <p>Implementations must be thread-safe. The contract is the test suite {@code CouponLedgerContract}.
 */
public interface CouponLedger {

    /** Records a new coupon; false (and nothing changes) when its code exists already. */
    boolean issue(Coupon coupon);

    /** The coupon with this code and its counts, if issued. */
    Optional<CouponState> find(String code);

    /** Every order's use of the coupon, oldest first by order id. */
    List<CouponUse> uses(String code);

    /**
     * Holds one of the coupon's redemptions for an order at checkout, until it is redeemed, released, or
     * {@code holdUntil} passes and {@link #expire} gives it back.
     */
    Redemption reserve(String code, String customerId, String orderId, Instant holdUntil, Instant now);

    /** Redeems the coupon for an order, turning the order's reservation into a redemption if it holds one. */
    Redemption redeem(String code, String customerId, String orderId, Instant now);

    /**
     * Gives back an order's reservation (checkout abandoned or the order cancelled before payment).
     *
     * @return false when the order holds no reservation (none made, or already released)
     * @throws IllegalStateException when the order has redeemed the coupon: a redemption is final
     */
    boolean release(String code, String orderId, Instant now);

    /** Withdraws an active coupon; false when it is unknown, revoked or expired already. */
    boolean revoke(String code, Instant now);

    /**
     * Marks every active coupon whose expiry is at or before {@code now} as expired, and releases every
     * reservation whose hold ended at or before {@code now}; returns how many coupons and reservations changed.
     */
    int expire(Instant now);

    /** A new, empty in-memory ledger (lost on restart; for tests, demos and single-process hosts). */
    static CouponLedger inMemory() {
        return new InMemoryCouponLedger();
    }
}
