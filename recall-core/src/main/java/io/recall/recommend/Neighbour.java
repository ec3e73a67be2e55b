package io.recall.recommend;

import java.util.Objects;

/**
 * An item similar to another: "bought together with".
 *
 * @param sku        the similar item
 * @param similarity the shrunk cosine similarity, in (0, 1]
 */
public record Neighbour(String sku, double similarity) {

    /** Validates the neighbour. */
    public Neighbour {
        Objects.requireNonNull(sku, "sku");
        if (!(similarity > 0 && similarity <= 1)) {
            throw new IllegalArgumentException("similarity of " + sku + " must be in (0, 1] but was " + similarity);
        }
    }
}
