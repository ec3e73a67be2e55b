package io.recall.segment;

import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;

import java.util.Objects;

/**
 * A customer's metrics, scores and segment together: what a batch export or a report row needs.
 *
 * @param metrics the metrics the scores came from
 * @param score   the R, F and M scores
 * @param segment the segment
 */
public record Classification(RfmMetrics metrics, RfmScore score, Segment segment) {

    /** Validates that nothing is missing. */
    public Classification {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(segment, "segment");
    }

    /** The customer's id. */
    public String customerId() {
        return metrics.customerId();
    }
}
