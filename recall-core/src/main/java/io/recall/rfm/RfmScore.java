package io.recall.rfm;

/**
 * A customer's R, F and M scores, each from 1 (lowest) to the model's number of levels (highest).
 * Recency is reversed: a more recent purchase gives a higher R.
 *
 * <p>Instances come from {@link ScoringModel#score}, which hands out cached instances and so does not
 * allocate.
 *
 * @param r recency score
 * @param f frequency score
 * @param m monetary score
 */
public record RfmScore(int r, int f, int m) {

    /** Validates that every score is at least 1. */
    public RfmScore {
        if (r < 1 || f < 1 || m < 1) {
            throw new IllegalArgumentException("scores must be >= 1 but were r=" + r + ", f=" + f + ", m=" + m);
        }
    }

    /** The combined frequency-monetary score: the mean of F and M, rounded half up. */
    public int fm() {
        return (f + m + 1) / 2;
    }

    /** The usual three-digit code, e.g. {@code "545"}. */
    public String code() {
        return "" + r + f + m;
    }
}
