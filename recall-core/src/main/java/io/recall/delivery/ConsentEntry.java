package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;

import java.time.Instant;
import java.util.Objects;

/**
 * One fact in the consent ledger: a customer granted or withdrew consent to be contacted on a channel for a
 * purpose, at a time, to a given text, through a given source.
 *
 * @param customerId  who
 * @param channel     on which channel
 * @param purpose     for what (marketing or service)
 * @param decision    granted or withdrawn
 * @param at          when
 * @param textVersion the version of the consent text the customer saw, such as {@code "privacy-2026-03"}
 * @param source      through what: {@code "checkout checkbox"}, {@code "sms STOP reply"}, {@code "service desk"}
 */
public record ConsentEntry(String customerId, Channel channel, Purpose purpose, Decision decision, Instant at,
                           String textVersion, String source) {

    /** Granted or withdrawn. */
    public enum Decision {
        /** The customer agreed. */
        GRANTED,
        /** The customer withdrew (or refused). */
        WITHDRAWN
    }

    /** Validates every value. */
    public ConsentEntry {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(textVersion, "textVersion");
        Objects.requireNonNull(source, "source");
    }

    /** A grant. */
    public static ConsentEntry granted(String customerId, Channel channel, Purpose purpose, Instant at,
                                       String textVersion, String source) {
        return new ConsentEntry(customerId, channel, purpose, Decision.GRANTED, at, textVersion, source);
    }

    /** A withdrawal. */
    public static ConsentEntry withdrawn(String customerId, Channel channel, Purpose purpose, Instant at,
                                         String textVersion, String source) {
        return new ConsentEntry(customerId, channel, purpose, Decision.WITHDRAWN, at, textVersion, source);
    }
}
