package io.recall.incentive;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer to a reservation or redemption of a coupon by an order. Asking again for the same order gives
 * an equal answer (the moment is the first one's), so a retried checkout is safe.
 *
 * @param code       the code as read (canonical)
 * @param orderId    the order
 * @param customerId the customer
 * @param outcome    what happened
 * @param at         when it happened (for a repeat, when it first happened)
 * @param message    a sentence for the customer service desk
 */
public record Redemption(String code, String orderId, String customerId, Outcome outcome, Instant at, String message) {

    /** What happened. Only RESERVED and REDEEMED are successes. */
    public enum Outcome {
        /** The order holds one of the coupon's redemptions until it redeems or releases it. */
        RESERVED,
        /** The order redeemed the coupon. */
        REDEEMED,
        /** The code is not well formed or its check character does not match (a typo). */
        INVALID_CODE,
        /** No coupon has this code. */
        UNKNOWN_CODE,
        /** The coupon was revoked. */
        REVOKED,
        /** The coupon is past its expiry. */
        EXPIRED,
        /** The coupon was issued to another customer. */
        OTHER_CUSTOMER,
        /** Every redemption of the coupon is taken by other orders (a single-use code already used). */
        USED_UP,
        /** The customer has used the coupon as often as one customer may. */
        CUSTOMER_LIMIT,
        /** This order id already used the coupon for another customer. */
        ORDER_OF_ANOTHER_CUSTOMER
    }

    /** Validates. */
    public Redemption {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(message, "message");
    }

    /** True when reserved or redeemed. */
    public boolean isSuccess() {
        return outcome == Outcome.RESERVED || outcome == Outcome.REDEEMED;
    }
}
