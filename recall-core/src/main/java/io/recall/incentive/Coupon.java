package io.recall.incentive;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An issued coupon code and its terms.
 *
 * @param code             the canonical code (as {@link CouponCodes#normalize} makes it)
 * @param campaignId       the campaign (rule set) it was issued for
 * @param customerId       the only customer who may redeem it; empty for a code anyone may use
 * @param maxRedemptions   how many orders may redeem it in all, at least 1 (1: single-use)
 * @param perCustomerLimit how many orders of one customer may redeem it, 1..maxRedemptions
 * @param issuedAt         when it was issued
 * @param expiresAt        the first instant at which it is no longer valid; after issuedAt
 */
public record Coupon(String code, String campaignId, Optional<String> customerId, int maxRedemptions,
                     int perCustomerLimit, Instant issuedAt, Instant expiresAt) {

    /** Validates. */
    public Coupon {
        requireText(code, "code", 64);
        requireText(campaignId, "campaignId", 255);
        Objects.requireNonNull(customerId, "customerId");
        customerId.ifPresent(c -> requireText(c, "customerId", 255));
        if (maxRedemptions < 1) {
            throw new IllegalArgumentException("coupon " + code + " maxRedemptions must be >= 1 but was " + maxRedemptions);
        }
        if (perCustomerLimit < 1 || perCustomerLimit > maxRedemptions) {
            throw new IllegalArgumentException("coupon " + code + " perCustomerLimit must be 1.." + maxRedemptions
                    + " but was " + perCustomerLimit);
        }
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("coupon " + code + " expires at " + expiresAt + ", not after its issue at "
                    + issuedAt);
        }
    }

    /** True when only one order may ever redeem it. */
    public boolean isSingleUse() {
        return maxRedemptions == 1;
    }

    static String requireText(String s, String what, int max) {
        Objects.requireNonNull(s, what);
        if (s.isBlank() || s.length() > max) {
            throw new IllegalArgumentException(what + " must be 1.." + max + " characters, not blank, but was '" + s + "'");
        }
        return s;
    }
}
