package io.recall.channels;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Something a provider reported after a send: delivered, bounced, opened, clicked, complained,
 * unsubscribed, replied STOP, or the address turned out dead.
 *
 * <p>An event names the message it is about by at least one of: the message's idempotency key (when
 * the provider echoes it back), the provider id from {@link SendResult.Accepted}, or the recipient
 * (the only handle on an inbound STOP). Every one present must be right: the pipeline matches events to
 * messages by them.
 *
 * @param type           what happened
 * @param channel        the channel it happened on
 * @param occurredAt     when the provider says it happened (or when the adapter learnt of it, if the provider does not say)
 * @param idempotencyKey the message's idempotency key, if the provider reported it
 * @param providerId     the provider's id for the message, if the event names it
 * @param recipient      the address concerned, if known; its channel must be {@code channel}
 * @param details        extra facts by name, such as {@code url} for a click, {@code status} ({@code 5.1.1})
 *                       for a bounce, {@code keyword} for a STOP reply; never message content
 */
public record DeliveryEvent(Type type, Channel channel, Instant occurredAt, Optional<String> idempotencyKey,
                            Optional<String> providerId, Optional<Address> recipient, Map<String, String> details) {

    private static final Pattern DETAIL_KEY = Pattern.compile("[a-z][a-zA-Z0-9_.-]{0,63}");

    /** What a provider reported. */
    public enum Type {
        /** The provider handed the message to the recipient's mailbox, phone or device. */
        DELIVERED(false),
        /** A temporary delivery failure (mailbox full, phone off); the provider may still deliver. */
        SOFT_BOUNCE(false),
        /** The address does not exist or refuses mail for good. */
        HARD_BOUNCE(true),
        /** The recipient opened the message (where the channel can tell). */
        OPENED(false),
        /** The recipient followed a link in the message. */
        CLICKED(false),
        /** The recipient marked the message as spam. */
        COMPLAINED(true),
        /** The recipient unsubscribed through the provider (a List-Unsubscribe click, a preference centre). */
        UNSUBSCRIBED(true),
        /** The recipient replied with an opt-out keyword such as STOP or 退订. */
        REPLIED_STOP(true),
        /** The push token (or other device address) is no longer valid. */
        TOKEN_INVALID(true);

        private final boolean suppressesAddress;

        Type(boolean suppressesAddress) {
            this.suppressesAddress = suppressesAddress;
        }

        /** Whether nothing more should be sent to the address on this channel after this event. */
        public boolean suppressesAddress() {
            return suppressesAddress;
        }
    }

    /** Validates every value, requires at least one way to find the message, and copies the details. */
    public DeliveryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey").ifPresent(k -> Checks.token(k, "idempotencyKey"));
        Objects.requireNonNull(providerId, "providerId").ifPresent(p -> Checks.text(p, "providerId", 255));
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(details, "details");
        if (idempotencyKey.isEmpty() && providerId.isEmpty() && recipient.isEmpty()) {
            throw new IllegalArgumentException(type + " event must name its message by idempotency key, provider id"
                    + " or recipient, but has none");
        }
        if (recipient.isPresent() && !recipient.get().channel().equals(channel)) {
            throw new IllegalArgumentException(type + " event on channel " + channel + " has a recipient of channel "
                    + recipient.get().channel());
        }
        details.forEach((key, value) -> {
            Objects.requireNonNull(key, "detail key");
            if (!DETAIL_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("detail key must match " + DETAIL_KEY.pattern() + " but was '"
                        + key + "'");
            }
            Checks.text(value, "detail " + key, 2048);
        });
        details = Map.copyOf(details);
    }

    /** An event about a message the adapter still has at hand: names it by idempotency key and recipient. */
    public static DeliveryEvent about(Type type, Message message, Instant occurredAt) {
        return new DeliveryEvent(type, message.channel(), occurredAt, Optional.of(message.idempotencyKey()),
                Optional.empty(), Optional.of(message.recipient()), Map.of());
    }

    /** An event a provider reported by its own message id, as most webhooks and delivery receipts do. */
    public static DeliveryEvent forProviderId(Type type, Channel channel, String providerId, Instant occurredAt) {
        return new DeliveryEvent(type, channel, occurredAt, Optional.empty(), Optional.of(providerId),
                Optional.empty(), Map.of());
    }

    /** An event known only by its address, such as an inbound STOP reply. */
    public static DeliveryEvent fromRecipient(Type type, Address recipient, Instant occurredAt) {
        return new DeliveryEvent(type, recipient.channel(), occurredAt, Optional.empty(), Optional.empty(),
                Optional.of(recipient), Map.of());
    }

    /** This event also naming the message's idempotency key. */
    public DeliveryEvent withIdempotencyKey(String key) {
        return new DeliveryEvent(type, channel, occurredAt, Optional.of(key), providerId, recipient, details);
    }

    /** This event also naming the provider's message id. */
    public DeliveryEvent withProviderId(String id) {
        return new DeliveryEvent(type, channel, occurredAt, idempotencyKey, Optional.of(id), recipient, details);
    }

    /** This event also naming the recipient. */
    public DeliveryEvent withRecipient(Address address) {
        return new DeliveryEvent(type, channel, occurredAt, idempotencyKey, providerId, Optional.of(address), details);
    }

    /** This event with one more detail (replacing one of the same key). */
    public DeliveryEvent withDetail(String key, String value) {
        Map<String, String> more = new HashMap<>(details);
        more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new DeliveryEvent(type, channel, occurredAt, idempotencyKey, providerId, recipient, more);
    }
}
