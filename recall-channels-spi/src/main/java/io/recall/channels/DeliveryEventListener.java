package io.recall.channels;

/**
 * Receives the delivery events an adapter learns of (from provider webhooks, bounce reports, delivery
 * receipts, inbound replies).
 *
 * <p>Adapters call it from their own threads, possibly several at once, so implementations must be
 * thread-safe and quick (hand the event on; do not send from here). A listener should not throw; an
 * adapter must survive it if it does (rule R4.3 of the contract-test kit), which
 * {@link AbstractChannelAdapter#report(DeliveryEvent)} takes care of.
 */
@FunctionalInterface
public interface DeliveryEventListener {

    /** Ignores every event. */
    DeliveryEventListener NONE = event -> { };

    /**
     * Called for each event the adapter learns of; possibly more than once for one event, since providers
     * resend webhooks they think were lost, so listeners treat events as facts that may repeat.
     *
     * @param event what the provider reported
     */
    void onEvent(DeliveryEvent event);
}
