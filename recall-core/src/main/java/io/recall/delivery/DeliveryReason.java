package io.recall.delivery;

/**
 * Why a message is in its {@link DeliveryState}; reconciliation counts messages per state and reason.
 */
public enum DeliveryReason {
    /** {@link DeliveryState#QUEUED}: enqueued, not yet tried. */
    NEW,
    /** {@link DeliveryState#QUEUED}: the provider answered Retryable (or Unknown, and it deduplicates); backing off. */
    RETRY,
    /** {@link DeliveryState#QUEUED}: refused on one channel, the next channel of the plan is due. */
    FALLBACK,
    /** {@link DeliveryState#QUEUED}: held back to respect the adapter's rate limit. */
    RATE_LIMITED,
    /** {@link DeliveryState#QUEUED}: a worker's lease ran out before it finished; due again. */
    LEASE_EXPIRED,
    /**
     * {@link DeliveryState#QUEUED}: claimed, then handed back unsent and due at once, because the round's lease
     * could not cover one more provider request of the adapter's {@code maxSendDuration}, or the worker was
     * shutting down.
     */
    RELEASED,
    /** {@link DeliveryState#IN_FLIGHT}: claimed by a worker. */
    CLAIMED,
    /** {@link DeliveryState#DEFERRED}: outside the channel's send window in the customer's time zone. */
    OUTSIDE_SEND_WINDOW,
    /** {@link DeliveryState#DEFERRED}: a frequency cap is reached until an earlier send leaves its window. */
    FREQUENCY_CAP,
    /** {@link DeliveryState#SENT}: the provider accepted it. */
    ACCEPTED,
    /** {@link DeliveryState#SUPPRESSED}: no marketing consent was ever granted for the channel. */
    NO_CONSENT,
    /** {@link DeliveryState#SUPPRESSED}: the customer withdrew consent for the channel and purpose. */
    CONSENT_WITHDRAWN,
    /** {@link DeliveryState#SUPPRESSED}: the address is on the suppression list. */
    SUPPRESSED_ADDRESS,
    /** {@link DeliveryState#SUPPRESSED}: another message already holds this idempotency key on this channel. */
    DUPLICATE,
    /** {@link DeliveryState#DEAD_LETTERED}: still Retryable after the most attempts allowed. */
    RETRIES_EXHAUSTED,
    /** {@link DeliveryState#DEAD_LETTERED}: refused for good on the last channel of its plan. */
    PERMANENT_FAILURE,
    /** {@link DeliveryState#DEAD_LETTERED}: no adapter serves the last channel of its plan. */
    NO_ADAPTER,
    /** {@link DeliveryState#UNKNOWN_OUTCOME}: no answer from a provider that cannot deduplicate, so never resent. */
    NO_ANSWER
}
