package io.recall.predict;

/**
 * How well a model predicted the holdout period, per customer and in aggregate.
 *
 * @param model               the model's short name
 * @param customers           customers compared
 * @param meanAbsoluteError   mean over customers of |expected − actual| holdout purchases
 * @param rootMeanSquaredError square root of the mean squared difference
 * @param expectedTotal       the sum of the expected holdout purchases
 * @param actualTotal         the sum of the actual holdout purchases
 */
public record HoldoutAccuracy(String model, long customers, double meanAbsoluteError, double rootMeanSquaredError,
                              double expectedTotal, long actualTotal) {

    /** (expected − actual) / actual over the whole population; 0 when both are 0. */
    public double aggregateError() {
        if (actualTotal == 0) {
            return expectedTotal == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (expectedTotal - actualTotal) / actualTotal;
    }
}
