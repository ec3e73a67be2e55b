package io.recall.rfm;

/** What counts as one purchase occasion for the frequency metric. */
public enum FrequencyBasis {
    /** Every distinct order id. */
    ORDERS,
    /** Every distinct local calendar day with at least one order (BTYD models usually want this). */
    DISTINCT_DAYS
}
