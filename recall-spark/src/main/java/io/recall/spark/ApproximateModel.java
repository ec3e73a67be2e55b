package io.recall.spark;

import io.recall.rfm.ScoringModel;

import java.util.Objects;

/**
 * A scoring model whose quantile thresholds Spark estimated ({@code approxQuantile}, the
 * Greenwald–Khanna sketch) instead of selecting them exactly.
 *
 * <p>The bound: for level boundary i of n, each threshold is a value of the population whose rank
 * (1-based, ascending) lies within {@link #rankErrorBound()} = ⌈relativeError · N⌉ + 1 of the exact rank
 * ⌈i·N/n⌉ (Spark guarantees rank ∈ [⌊(p − ε)N⌋, ⌈(p + ε)N⌉] for p = i/n; the 1 covers the ceiling of
 * the exact rank), so at most that many customers score one level off at each boundary. The model is a normal core model
 * (binning {@code quantile}) and classifies like any other.
 *
 * @param model         the model
 * @param relativeError the relative rank error the thresholds were estimated with, in (0, 1)
 * @param population    the customers it was fitted on
 */
public record ApproximateModel(ScoringModel model, double relativeError, long population) {

    /** Validates the values. */
    public ApproximateModel {
        Objects.requireNonNull(model, "model");
        if (!(relativeError > 0 && relativeError < 1)) {
            throw new IllegalArgumentException("relative error must be in (0, 1) but was " + relativeError);
        }
        if (population < 1) {
            throw new IllegalArgumentException("population must be >= 1 but was " + population);
        }
    }

    /** How many ranks a threshold may be away from the exact one: ⌈relativeError · population⌉ + 1. */
    public long rankErrorBound() {
        return (long) Math.ceil(relativeError * population) + 1;
    }
}
