package io.recall.journey;

/**
 * What one {@code advance} did.
 *
 * @param entered   instances started (first entries and re-entries)
 * @param moves     steps taken
 * @param enqueued  messages newly added to the outbox (a message already there, from a run that crashed
 *                  before saving its state, is not counted again)
 * @param skipped   sends skipped because the customer has no contact or no address on the channel
 * @param finished  instances that reached an exit step
 * @param exited    instances ended early by a STOP reply or a purchase
 * @param conflicts moves lost to another runner that moved the same instance first
 */
public record AdvanceReport(int entered, int moves, int enqueued, int skipped, int finished, int exited,
                            int conflicts) {
}
