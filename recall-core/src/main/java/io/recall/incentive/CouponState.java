package io.recall.incentive;

import java.util.Objects;

/**
 * A coupon as the ledger holds it now.
 *
 * @param coupon   the coupon
 * @param status   active, revoked or expired
 * @param reserved orders holding a redemption (at checkout, not yet paid)
 * @param redeemed orders that redeemed it; reserved + redeemed never exceeds its maximum
 */
public record CouponState(Coupon coupon, Status status, int reserved, int redeemed) {

    /** Where a coupon stands. Revoked and expired are final. */
    public enum Status {
        /** Redeemable while under its limits and before its expiry. */
        ACTIVE,
        /** Withdrawn by the shop. */
        REVOKED,
        /** Past its expiry, marked so by {@link CouponLedger#expire}. */
        EXPIRED
    }

    /** Validates. */
    public CouponState {
        Objects.requireNonNull(coupon, "coupon");
        Objects.requireNonNull(status, "status");
        if (reserved < 0 || redeemed < 0 || reserved + redeemed > coupon.maxRedemptions()) {
            throw new IllegalArgumentException("coupon " + coupon.code() + " has " + reserved + " reserved and " + redeemed
                    + " redeemed of at most " + coupon.maxRedemptions());
        }
    }

    /** Redemptions still possible (reservations count as taken). */
    public int left() {
        return coupon.maxRedemptions() - reserved - redeemed;
    }
}
