package io.recall.rfm;

/** How the monetary metric summarises net spend. */
public enum MonetaryBasis {
    /** Net spend over the whole history. */
    TOTAL,
    /** Net spend per purchase occasion, rounded half-even to the currency's minor unit. */
    AVERAGE
}
