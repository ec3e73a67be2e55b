package io.recall.delivery;

/**
 * Where a message in the outbox stands. Every enqueued message is in exactly one state at any moment;
 * {@link Reconciliation} counts them.
 */
public enum DeliveryState {
    /** Waiting to be dispatched: new, waiting for a retry, a fallback channel or pacing. */
    QUEUED(false),
    /** Held back by a policy until a later time: outside its send window, or over a frequency cap. */
    DEFERRED(false),
    /** Claimed by a worker under a lease, being checked or sent. */
    IN_FLIGHT(false),
    /** Accepted by a provider. Terminal. */
    SENT(true),
    /** Stopped by a policy (no consent, suppressed address, duplicate idempotency key). Terminal. */
    SUPPRESSED(true),
    /** Failed for good: retries exhausted, refused on every channel of its plan, no adapter. Terminal. */
    DEAD_LETTERED(true),
    /**
     * The request left but no answer came, and the provider cannot deduplicate, so it was not resent.
     * Terminal for the pipeline; the host must reconcile it with the provider.
     */
    UNKNOWN_OUTCOME(true);

    private final boolean terminal;

    DeliveryState(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the pipeline will never touch a message in this state again. */
    public boolean isTerminal() {
        return terminal;
    }
}
