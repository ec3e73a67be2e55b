package io.recall.journey;

import io.recall.channels.Channel;
import io.recall.channels.DeliveryEvent;
import io.recall.delivery.DeliveryState;
import io.recall.delivery.OutboxEntry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Something known about a customer that journeys react to. Every fact has an {@link #id()} derived from what
 * it says, so a resent provider event or a re-imported purchase is recorded once.
 */
public sealed interface Fact {

    /** Whose fact it is. */
    String customerId();

    /** When it happened. */
    Instant at();

    /** The identity used to record it once. */
    String id();

    /** What happened to a message, named by its idempotency key. */
    enum MessageKind {
        /** The message was sent. */
        SENT,
        /** The provider delivered it. */
        DELIVERED,
        /** The recipient opened it. */
        OPENED,
        /** The recipient clicked a link in it. */
        CLICKED
    }

    /** A message event; {@code messageKey} is the message's idempotency key. */
    record MessageEvent(String customerId, String messageKey, MessageKind kind, Instant at) implements Fact {
        /** Requires every value. */
        public MessageEvent {
            text(customerId, "customerId");
            text(messageKey, "messageKey");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String id() {
            return "message:" + kind + ":" + messageKey;
        }
    }

    /** The customer replied STOP (or an equivalent opt-out) on a channel. */
    record Stop(String customerId, Channel channel, Instant at) implements Fact {
        /** Requires every value. */
        public Stop {
            text(customerId, "customerId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String id() {
            return "stop:" + channel.id() + ":" + at;
        }
    }

    /** An order. */
    record Purchase(String customerId, String orderId, Instant at) implements Fact {
        /** Requires every value. */
        public Purchase {
            text(customerId, "customerId");
            text(orderId, "orderId");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String id() {
            return "purchase:" + orderId;
        }
    }

    /** A coupon held by the customer that expires at {@code at}. */
    record CouponExpiry(String customerId, String code, Instant at) implements Fact {
        /** Requires every value. */
        public CouponExpiry {
            text(customerId, "customerId");
            text(code, "code");
            Objects.requireNonNull(at, "at");
        }

        @Override
        public String id() {
            return "coupon:" + code;
        }
    }

    /**
     * The fact a delivery event states about a customer's message: delivered, opened, clicked or replied
     * STOP; empty for other types, or when the event does not name the message's idempotency key (a STOP
     * needs none). The host maps the event to its customer, as the pipeline matched it to an outbox entry.
     */
    static Optional<Fact> of(DeliveryEvent event, String customerId) {
        Objects.requireNonNull(event, "event");
        if (event.type() == DeliveryEvent.Type.REPLIED_STOP) {
            return Optional.of(new Stop(customerId, event.channel(), event.occurredAt()));
        }
        MessageKind kind = switch (event.type()) {
            case DELIVERED -> MessageKind.DELIVERED;
            case OPENED -> MessageKind.OPENED;
            case CLICKED -> MessageKind.CLICKED;
            default -> null;
        };
        if (kind == null || event.idempotencyKey().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MessageEvent(customerId, event.idempotencyKey().get(), kind, event.occurredAt()));
    }

    /**
     * The SENT fact of an outbox entry the pipeline sent, named by the idempotency key of the channel it went
     * out on (the key opens and clicks name); empty while the entry is not SENT. Delivery events carry no
     * "sent", so a host records this when it sees an entry complete.
     */
    static Optional<Fact> sent(OutboxEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (entry.state() != DeliveryState.SENT) {
            return Optional.empty();
        }
        return Optional.of(new MessageEvent(entry.customerId(), entry.plan().get(entry.step()).idempotencyKey(),
                MessageKind.SENT, entry.updatedAt()));
    }

    private static void text(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
