package io.recall.rfm;

/** How a {@link ScoringModel}'s thresholds were chosen. */
public enum Binning {
    /**
     * Fitted quantiles: with n levels, threshold i is the value at rank ⌈i·N/n⌉ of the sorted population
     * (the "lower" quantile). Equal values always get the same score; heavy ties may leave a level empty.
     */
    QUANTILE,
    /** Fitted means, two levels only: above the mean is high (for recency, more recent than the mean). */
    MEAN,
    /** Thresholds given by the caller. */
    GIVEN
}
