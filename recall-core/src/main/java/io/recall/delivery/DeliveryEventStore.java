package io.recall.delivery;

import io.recall.channels.DeliveryEvent;
import io.recall.delivery.internal.InMemoryDeliveryEventStore;

import java.util.List;

/**
 * Every distinct delivery event reported by adapters. Providers resend events; an equal event is stored
 * once. Thread-safe.
 */
public interface DeliveryEventStore {

    /** A thread-safe event store in memory. */
    static DeliveryEventStore inMemory() {
        return new InMemoryDeliveryEventStore();
    }

    /** Stores an event; false (and nothing changes) when an equal event was stored before. */
    boolean append(DeliveryEvent event);

    /** Every stored event, in the order first stored. */
    List<DeliveryEvent> all();

    /**
     * Whether an equal event was stored. The default scans {@link #all()}; the shipped stores look it up (the
     * JDBC store by the event's fingerprint).
     */
    default boolean contains(DeliveryEvent event) {
        return all().contains(java.util.Objects.requireNonNull(event, "event"));
    }
}
