package io.recall.segment;

import java.util.List;
import java.util.Objects;

/**
 * One way into a segment: all conditions must hold (an empty list always holds).
 *
 * @param segment    where a matching customer goes
 * @param conditions tests that must all pass
 */
public record SegmentRule(Segment segment, List<Condition> conditions) {

    /** Copies the conditions. */
    public SegmentRule {
        Objects.requireNonNull(segment, "segment");
        conditions = List.copyOf(conditions);
    }

    /** True when some condition tests a raw metric rather than a score. */
    public boolean usesMetrics() {
        return conditions.stream().anyMatch(c -> !c.field().isScore());
    }
}
