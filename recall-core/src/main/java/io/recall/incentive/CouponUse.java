package io.recall.incentive;

import java.time.Instant;
import java.util.Objects;

/**
 * One order's use of a coupon: held at checkout, redeemed, or released.
 *
 * @param code       the coupon
 * @param orderId    the order
 * @param customerId the order's customer
 * @param state      where it stands
 * @param at         when it reached that state
 * @param holdUntil  for a reservation, when {@link CouponLedger#expire} releases it
 */
public record CouponUse(String code, String orderId, String customerId, State state, Instant at, Instant holdUntil) {

    /**
     * Where a use stands. Legal moves: none to RESERVED or REDEEMED; RESERVED to REDEEMED or RELEASED; RELEASED
     * to RESERVED or REDEEMED (a checkout tried again). REDEEMED is final.
     */
    public enum State {
        /** Held by an order at checkout; counts against the coupon's limits. */
        RESERVED,
        /** Redeemed by the order; final. */
        REDEEMED,
        /** A reservation given back; no longer counts. */
        RELEASED
    }

    /** Validates. */
    public CouponUse {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(holdUntil, "holdUntil");
    }

    /** True while it counts against the coupon's limits. */
    public boolean isLive() {
        return state != State.RELEASED;
    }
}
