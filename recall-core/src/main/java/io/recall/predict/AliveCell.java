package io.recall.predict;

/**
 * One cell of the frequency/recency P(alive) matrix.
 *
 * @param repeatPurchases    x
 * @param timeOfLastPurchase t_x, in the matrix's unit
 * @param probabilityAlive   P(alive | x, t_x, T) under the model
 */
public record AliveCell(int repeatPurchases, double timeOfLastPurchase, double probabilityAlive) {

    /** Validates the probability. */
    public AliveCell {
        if (!(probabilityAlive >= 0 && probabilityAlive <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1] but was " + probabilityAlive);
        }
    }
}
