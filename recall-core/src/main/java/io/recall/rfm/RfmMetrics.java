package io.recall.rfm;

import io.recall.model.Money;

import java.math.RoundingMode;
import java.util.Objects;

/**
 * A customer's RFM metrics as of a date.
 *
 * <p>RFM recency is the days since the <em>last</em> purchase; it is not BTYD recency (the time from
 * first to last purchase), which the prediction models call {@code timeOfLastPurchase}.
 *
 * @param customerId  the customer
 * @param recencyDays whole days from the last purchase's local date to the as-of date, at least 0
 * @param frequency   purchase occasions, at least 1
 * @param monetary    net spend (total or average per occasion), in the currency's minor unit; may be
 *                    zero or negative when refunds reach back before the data starts
 * @param tenureDays  whole days from the first purchase to the as-of date, at least {@code recencyDays}
 */
public record RfmMetrics(String customerId, int recencyDays, int frequency, Money monetary, int tenureDays) {

    /** Validates the ranges. */
    public RfmMetrics {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(monetary, "monetary");
        if (recencyDays < 0) {
            throw new IllegalArgumentException("recency of " + customerId + " must be >= 0 days but was " + recencyDays);
        }
        if (frequency < 1) {
            throw new IllegalArgumentException("frequency of " + customerId + " must be >= 1 but was " + frequency);
        }
        if (tenureDays < recencyDays) {
            throw new IllegalArgumentException("tenure of " + customerId + " (" + tenureDays
                    + " days) is shorter than its recency (" + recencyDays + " days)");
        }
        monetary = monetary.rounded(RoundingMode.HALF_EVEN);
    }

    /** The monetary metric in minor units (pence, cents). */
    public long monetaryMinorUnits() {
        return monetary.toMinorUnits(RoundingMode.UNNECESSARY);
    }
}
