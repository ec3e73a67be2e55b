package io.recall.delivery.internal;

import io.recall.channels.DeliveryEvent;
import io.recall.delivery.DeliveryEventStore;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** {@link DeliveryEventStore} in memory. */
public final class InMemoryDeliveryEventStore implements DeliveryEventStore {

    private final Set<DeliveryEvent> events = new LinkedHashSet<>();

    @Override
    public synchronized boolean append(DeliveryEvent event) {
        return events.add(Objects.requireNonNull(event, "event"));
    }

    @Override
    public synchronized boolean contains(DeliveryEvent event) {
        return events.contains(Objects.requireNonNull(event, "event"));
    }

    @Override
    public synchronized List<DeliveryEvent> all() {
        return List.copyOf(events);
    }
}
