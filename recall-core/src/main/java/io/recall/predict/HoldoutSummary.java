package io.recall.predict;

import java.util.Objects;

/**
 * One customer of a calibration/holdout split: the summary at the end of calibration and what they did
 * in the holdout period after it.
 *
 * @param calibration      the summary as of the end of the calibration period
 * @param holdoutPurchases purchases (distinct days) in the holdout period, at least 0
 * @param holdout          the length of the holdout period
 */
public record HoldoutSummary(BtydSummary calibration, int holdoutPurchases, Horizon holdout) {

    /** Validates the values. */
    public HoldoutSummary {
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(holdout, "holdout");
        if (holdoutPurchases < 0) {
            throw new IllegalArgumentException("holdout purchases of " + calibration.customerId() + " must be >= 0 but was "
                    + holdoutPurchases);
        }
    }
}
