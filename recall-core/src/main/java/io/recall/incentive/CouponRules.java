package io.recall.incentive;

import java.time.Instant;

/**
 * The coupon ledger's rules as one pure function, so the in-memory and the JDBC ledgers decide alike: each
 * gathers the coupon, the order's use and the customer's other live uses under its lock, asks
 * {@link #decide}, and applies the step.
 */
final class CouponRules {

    /** What to write. */
    enum Action {
        /** Nothing: a rejection, or a repeat of the same order's earlier answer. */
        NONE,
        /** Take one of the coupon's redemptions for the order (a new use, or a released one taken again). */
        TAKE,
        /** Turn the order's reservation into a redemption (its redemption is already taken). */
        CONVERT
    }

    record Step(Action action, Redemption answer) {
    }

    private CouponRules() {
    }

    /**
     * @param state        the coupon, or null when unknown
     * @param use          the order's use, or null when it has none
     * @param customerLive the customer's live uses of the coupon by other orders
     */
    static Step decide(boolean redeem, String code, CouponState state, CouponUse use, int customerLive,
                       String customerId, String orderId, Instant now) {
        if (state == null) {
            return reject(code, orderId, customerId, Redemption.Outcome.UNKNOWN_CODE, now, "no coupon has the code " + code);
        }
        if (use != null && !use.customerId().equals(customerId)) {
            return reject(code, orderId, customerId, Redemption.Outcome.ORDER_OF_ANOTHER_CUSTOMER, now,
                    "order " + orderId + " used this coupon for another customer");
        }
        if (use != null && use.state() == CouponUse.State.REDEEMED) {
            return new Step(Action.NONE, success(code, orderId, customerId, Redemption.Outcome.REDEEMED, use.at()));
        }
        if (use != null && use.state() == CouponUse.State.RESERVED && !redeem) {
            return new Step(Action.NONE, success(code, orderId, customerId, Redemption.Outcome.RESERVED, use.at()));
        }
        Coupon c = state.coupon();
        if (state.status() == CouponState.Status.REVOKED) {
            return reject(code, orderId, customerId, Redemption.Outcome.REVOKED, now, "coupon " + code + " was revoked");
        }
        if (state.status() == CouponState.Status.EXPIRED || !now.isBefore(c.expiresAt())) {
            return reject(code, orderId, customerId, Redemption.Outcome.EXPIRED, now, "coupon " + code + " expired at "
                    + c.expiresAt());
        }
        if (c.customerId().isPresent() && !c.customerId().get().equals(customerId)) {
            return reject(code, orderId, customerId, Redemption.Outcome.OTHER_CUSTOMER, now, "coupon " + code
                    + " was issued to another customer");
        }
        if (use != null && use.state() == CouponUse.State.RESERVED) {
            return new Step(Action.CONVERT, success(code, orderId, customerId, Redemption.Outcome.REDEEMED, now));
        }
        if (state.left() <= 0) {
            return reject(code, orderId, customerId, Redemption.Outcome.USED_UP, now, c.isSingleUse()
                    ? "coupon " + code + " is single-use and another order has " + (state.redeemed() > 0 ? "redeemed" : "reserved") + " it"
                    : "coupon " + code + " has no redemptions left (" + c.maxRedemptions() + " taken)");
        }
        if (customerLive >= c.perCustomerLimit()) {
            return reject(code, orderId, customerId, Redemption.Outcome.CUSTOMER_LIMIT, now, "customer " + customerId
                    + " has used coupon " + code + " " + customerLive + " of at most " + c.perCustomerLimit() + " times");
        }
        return new Step(Action.TAKE, success(code, orderId, customerId,
                redeem ? Redemption.Outcome.REDEEMED : Redemption.Outcome.RESERVED, now));
    }

    private static Redemption success(String code, String orderId, String customerId, Redemption.Outcome o, Instant at) {
        // A fixed sentence: a repeat must answer exactly as the first call did.
        return new Redemption(code, orderId, customerId, o, at, o == Redemption.Outcome.REDEEMED ? "redeemed" : "reserved");
    }

    private static Step reject(String code, String orderId, String customerId, Redemption.Outcome o, Instant now,
                               String message) {
        return new Step(Action.NONE, new Redemption(code, orderId, customerId, o, now, message));
    }
}
