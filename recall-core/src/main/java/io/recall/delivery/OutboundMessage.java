package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Message;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a host enqueues: one logical message to one customer, with its channel plan.
 *
 * <p>The plan is the same message on one or more channels, in order of preference: the pipeline tries the
 * first, and falls back to the next when a channel is refused for good or stopped by consent or suppression
 * (bounced e-mail, then SMS). Each step runs its own channel's policies. Every step shares the message
 * {@linkplain Message#id() id}, which is the outbox entry's id; each step keeps its own idempotency key.
 *
 * @param customerId whose message it is; consent and frequency caps are per customer
 * @param zone       the customer's time zone, in which send windows are read
 * @param plan       the message per channel, preferred first; at least one, channels distinct, ids equal
 */
public record OutboundMessage(String customerId, ZoneId zone, List<Message> plan) {

    /** Validates the plan and copies it. */
    public OutboundMessage {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(zone, "zone");
        plan = List.copyOf(Objects.requireNonNull(plan, "plan"));
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("customerId must not be blank");
        }
        if (plan.isEmpty()) {
            throw new IllegalArgumentException("a channel plan needs at least one message");
        }
        Set<Channel> channels = new HashSet<>();
        for (Message m : plan) {
            if (!m.id().equals(plan.get(0).id())) {
                throw new IllegalArgumentException("every step of a channel plan must share the message id '"
                        + plan.get(0).id() + "' but one has '" + m.id() + "'");
            }
            if (!channels.add(m.channel())) {
                throw new IllegalArgumentException("channel " + m.channel() + " appears twice in the plan of message "
                        + m.id());
            }
        }
    }

    /** A message on one channel only. */
    public static OutboundMessage of(String customerId, ZoneId zone, Message message) {
        return new OutboundMessage(customerId, zone, List.of(message));
    }

    /** The message id, shared by every step. */
    public String id() {
        return plan.get(0).id();
    }
}
