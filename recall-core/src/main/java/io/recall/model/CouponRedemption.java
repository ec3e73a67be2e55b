package io.recall.model;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A customer redeemed a campaign's coupon on a day.
 *
 * @param customerId the customer, not blank
 * @param couponId   the coupon (Complete Journey: its UPC), not blank
 * @param campaignId the campaign whose coupon it was, not blank
 * @param day        the day of redemption, in the shop's calendar
 */
public record CouponRedemption(String customerId, String couponId, String campaignId, LocalDate day) {

    /** Validates that nothing is missing. */
    public CouponRedemption {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(couponId, "couponId");
        Objects.requireNonNull(campaignId, "campaignId");
        Objects.requireNonNull(day, "day");
        if (customerId.isBlank() || couponId.isBlank() || campaignId.isBlank()) {
            throw new IllegalArgumentException("customer, coupon and campaign of a redemption must not be blank but were '"
                    + customerId + "', '" + couponId + "' and '" + campaignId + "'");
        }
    }
}
