package io.recall.delivery;

import java.util.Map;
import java.util.Objects;

/**
 * What one {@link DeliveryPipeline#dispatch(java.time.Instant)} round did.
 *
 * @param released entries whose expired lease was released at the start of the round
 * @param claimed  entries claimed
 * @param moved    how many claimed entries ended the round in each state (QUEUED for retries, fallbacks
 *                 and pacing; DEFERRED; a terminal state; IN_FLIGHT when this worker lost its lease and another
 *                 worker now has the message); only non-zero counts
 */
public record DispatchReport(int released, int claimed, Map<DeliveryState, Integer> moved) {

    /** Copies the map. */
    public DispatchReport {
        moved = Map.copyOf(Objects.requireNonNull(moved, "moved"));
    }

    /** How many claimed entries ended the round in a state. */
    public int moved(DeliveryState state) {
        return moved.getOrDefault(state, 0);
    }
}
