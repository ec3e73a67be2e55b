package io.recall.predict;

/**
 * Customers grouped by their calibration-period repeat purchases, with the holdout purchases they made
 * and the model expected: one point of the "conditional expectations" plot of the BTYD papers.
 *
 * @param repeatPurchases the calibration-period x of the group; with {@code orMore}, x and above
 * @param orMore          whether the group is the last, open one
 * @param customers       how many customers are in the group, at least 1
 * @param actualHoldout   their mean holdout purchases
 * @param expectedHoldout their mean expected holdout purchases under the model
 */
public record FrequencyBucket(int repeatPurchases, boolean orMore, long customers, double actualHoldout,
                              double expectedHoldout) {

    /** Validates the values. */
    public FrequencyBucket {
        if (repeatPurchases < 0 || customers < 1) {
            throw new IllegalArgumentException("need repeat purchases >= 0 and customers >= 1 but got " + repeatPurchases
                    + " and " + customers);
        }
        if (!Double.isFinite(actualHoldout) || !Double.isFinite(expectedHoldout)) {
            throw new IllegalArgumentException("holdout means must be finite but were " + actualHoldout + " and "
                    + expectedHoldout);
        }
    }

    /** A label for a chart axis: {@code 3} or {@code 7+}. */
    public String label() {
        return repeatPurchases + (orMore ? "+" : "");
    }
}
