package io.recall.incentive;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a coupon about to be issued allows: who, how often, how long.
 *
 * @param campaignId       the campaign (rule set) it is for
 * @param customerId       the only customer who may redeem it; empty for anyone
 * @param maxRedemptions   orders that may redeem it in all, at least 1
 * @param perCustomerLimit orders of one customer that may redeem it, 1..maxRedemptions
 * @param validFor         how long after issue it stays valid; positive
 */
public record CouponTerms(String campaignId, Optional<String> customerId, int maxRedemptions, int perCustomerLimit,
                          Duration validFor) {

    /** Validates. */
    public CouponTerms {
        Coupon.requireText(campaignId, "campaignId", 255);
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(validFor, "validFor");
        if (validFor.isNegative() || validFor.isZero()) {
            throw new IllegalArgumentException("validFor must be positive but was " + validFor);
        }
        if (maxRedemptions < 1 || perCustomerLimit < 1 || perCustomerLimit > maxRedemptions) {
            throw new IllegalArgumentException("need 1 <= perCustomerLimit <= maxRedemptions but were " + perCustomerLimit
                    + " and " + maxRedemptions);
        }
    }

    /** A single-use code for one customer (a granted offer). */
    public static CouponTerms singleUse(String campaignId, String customerId, Duration validFor) {
        return new CouponTerms(campaignId, Optional.of(customerId), 1, 1, validFor);
    }

    /** A bulk code anyone may use, at most {@code maxRedemptions} orders in all and {@code perCustomer} each. */
    public static CouponTerms bulk(String campaignId, int maxRedemptions, int perCustomer, Duration validFor) {
        return new CouponTerms(campaignId, Optional.empty(), maxRedemptions, perCustomer, validFor);
    }
}
