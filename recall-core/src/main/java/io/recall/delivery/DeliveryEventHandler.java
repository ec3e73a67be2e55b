package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.channels.DeliveryEvent;
import io.recall.channels.DeliveryEventListener;
import io.recall.channels.Message;
import io.recall.delivery.internal.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * Takes the delivery events adapters report and updates the pipeline's state: each distinct event is stored
 * once (repeats are ignored), and a hard bounce, complaint, unsubscribe, STOP reply or invalid token
 * suppresses the address on its channel. Such an event whose address can be found neither in it nor through
 * the outbox is not stored, so that its redelivery is handled.
 *
 * <p>Pass it to adapters as their {@link DeliveryEventListener} (through their {@code AdapterContext}); build
 * it over the same stores as the {@link DeliveryPipeline}. Thread-safe when the stores are; never throws.
 */
public final class DeliveryEventHandler implements DeliveryEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEventHandler.class);

    private final DeliveryEventStore events;
    private final SuppressionStore suppressions;
    private final OutboxStore outbox;

    private DeliveryEventHandler(DeliveryEventStore events, SuppressionStore suppressions, OutboxStore outbox) {
        this.events = Objects.requireNonNull(events, "events");
        this.suppressions = Objects.requireNonNull(suppressions, "suppressions");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** A handler over the given stores; the outbox finds the address of events that name only their message. */
    public static DeliveryEventHandler of(DeliveryEventStore events, SuppressionStore suppressions, OutboxStore outbox) {
        return new DeliveryEventHandler(events, suppressions, outbox);
    }

    /** A handler over a pipeline's stores and the given event store. */
    public static DeliveryEventHandler of(DeliveryEventStore events, DeliveryPipeline pipeline) {
        return new DeliveryEventHandler(events, pipeline.suppressions(), pipeline.outbox());
    }

    /** Stores the event once and suppresses the address when the event's type says so. */
    @Override
    public void onEvent(DeliveryEvent event) {
        try {
            handle(event);
        } catch (RuntimeException e) {
            // A listener must not break the adapter's inbound path; the store failure is the host's to see.
            LOG.error("could not record {} event on {}: {}", event.type(), event.channel(), e.getClass().getName());
        }
    }

    private void handle(DeliveryEvent event) {
        Objects.requireNonNull(event, "event");
        Optional<Suppression.Reason> reason = reason(event.type());
        if (reason.isEmpty()) {
            if (!events.append(event)) {
                LOG.debug("repeated {} event on {} ignored", event.type(), event.channel());
            }
            return;
        }
        Optional<Address> address = event.recipient().or(() -> addressOf(event));
        if (address.isEmpty()) {
            // Not stored: a redelivery, once the outbox knows the message (its SENT may still be on its way), is
            // then handled rather than ignored as a repeat.
            LOG.warn("{} event on {} names no recipient and no message the outbox knows; nothing suppressed",
                    event.type(), event.channel());
            return;
        }
        // A stored event was handled: its redelivery must not suppress an address lifted since (the customer
        // opted back in). Otherwise the address is suppressed before the event is stored, so a failure between the
        // two leaves the address suppressed and the redelivery stores the event; the other way round, a failed
        // suppression would be followed by a redelivery ignored as a repeat, and a STOP never honoured.
        if (events.contains(event)) {
            LOG.debug("repeated {} event on {} ignored", event.type(), event.channel());
            return;
        }
        if (suppressions.suppress(new Suppression(address.get(), reason.get(), event.occurredAt(),
                "event " + event.type()))) {
            LOG.info("suppressed {} on {}: {}", LogSafe.address(address.get()), event.channel(), reason.get());
        }
        if (!events.append(event)) {
            LOG.debug("repeated {} event on {} ignored", event.type(), event.channel());
        }
    }

    private Optional<Address> addressOf(DeliveryEvent event) {
        Optional<OutboxEntry> entry = event.idempotencyKey()
                .flatMap(k -> outbox.findByIdempotencyKey(event.channel(), k))
                .or(() -> event.providerId().flatMap(p -> outbox.findByProviderId(event.channel(), p)));
        return entry.flatMap(e -> e.plan().stream().filter(m -> m.channel().equals(event.channel())).findFirst())
                .map(Message::recipient);
    }

    private static Optional<Suppression.Reason> reason(DeliveryEvent.Type type) {
        switch (type) {
            case HARD_BOUNCE:
                return Optional.of(Suppression.Reason.HARD_BOUNCE);
            case COMPLAINED:
                return Optional.of(Suppression.Reason.COMPLAINT);
            case UNSUBSCRIBED:
                return Optional.of(Suppression.Reason.UNSUBSCRIBE);
            case REPLIED_STOP:
                return Optional.of(Suppression.Reason.STOP);
            case TOKEN_INVALID:
                return Optional.of(Suppression.Reason.INVALID_ADDRESS);
            default:
                return Optional.empty();
        }
    }
}
