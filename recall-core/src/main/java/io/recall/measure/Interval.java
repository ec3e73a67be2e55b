package io.recall.measure;

/**
 * An estimate with a two-sided confidence interval, {@code low <= estimate <= high}.
 *
 * @param estimate the point estimate
 * @param low      the lower bound
 * @param high     the upper bound
 */
public record Interval(double estimate, double low, double high) {

    /** Validates the order and finiteness. */
    public Interval {
        if (!Double.isFinite(estimate) || !Double.isFinite(low) || !Double.isFinite(high)
                || low > estimate + 1e-12 || estimate > high + 1e-12) {
            throw new IllegalArgumentException("an interval needs finite low <= estimate <= high but was "
                    + low + " <= " + estimate + " <= " + high);
        }
    }

    /** Whether a value lies inside, bounds included. */
    public boolean contains(double value) {
        return low <= value && value <= high;
    }
}
