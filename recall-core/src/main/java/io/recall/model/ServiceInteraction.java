package io.recall.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A contact between a customer and customer service: an inquiry, a complaint or feedback, through a channel,
 * open or closed, perhaps about an order.
 *
 * @param id         the interaction's id, {@code source:ticket} (or {@code source:line-N} when the source
 *                   has no ticket numbers), not blank
 * @param customerId the customer, not blank
 * @param type       inquiry, complaint or feedback
 * @param at         when the customer got in touch
 * @param channel    how, lower-case as the source wrote it ({@code email}, {@code phone}, {@code chat},
 *                   {@code store}), when known
 * @param status     open or closed, when the source says
 * @param category   the topic as the source files it ({@code delivery}, {@code quality}), when known
 * @param orderId    the order it is about, scoped like order ids ({@code source:orderId}), when known
 * @param source     the source that reported it
 * @param sentiment  how the customer felt, when the source says
 */
public record ServiceInteraction(String id, String customerId, Type type, Instant at, Optional<String> channel,
                                 Optional<Status> status, Optional<String> category, Optional<String> orderId,
                                 String source, Optional<Sentiment> sentiment) {

    /** How the customer felt, as the source rated it. */
    public enum Sentiment {
        /** Unhappy. */
        NEGATIVE,
        /** Neither. */
        NEUTRAL,
        /** Happy. */
        POSITIVE
    }

    /** What the customer got in touch about. */
    public enum Type {
        /** A question. */
        INQUIRY,
        /** A complaint. */
        COMPLAINT,
        /** Feedback, praise or a suggestion. */
        FEEDBACK
    }

    /** Whether the matter is settled. */
    public enum Status {
        /** Not resolved yet (new, pending, waiting). */
        OPEN,
        /** Resolved or closed. */
        CLOSED
    }

    /** Validates that nothing is missing. */
    public ServiceInteraction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sentiment, "sentiment");
        if (id.isBlank() || customerId.isBlank()) {
            throw new IllegalArgumentException("interaction id and customer id must not be blank but were '" + id
                    + "' and '" + customerId + "'");
        }
    }

    /** Whether this is a complaint the source reports as open (a complaint with no status is not counted). */
    public boolean isOpenComplaint() {
        return type == Type.COMPLAINT && status.filter(s -> s == Status.OPEN).isPresent();
    }
}
