package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.channels.Channel;

import java.time.Instant;
import java.util.Objects;

/**
 * An address that nothing more may be sent to on its channel, whatever the purpose, and why.
 *
 * @param address the suppressed address (its channel is the suppression's)
 * @param reason  why
 * @param at      since when
 * @param source  where the fact came from, such as {@code "event HARD_BOUNCE"} or an operator's name
 */
public record Suppression(Address address, Reason reason, Instant at, String source) {

    /** Why an address is suppressed. */
    public enum Reason {
        /** The provider reported the address does not exist or refuses for good. */
        HARD_BOUNCE,
        /** The recipient marked a message as spam. */
        COMPLAINT,
        /** The recipient unsubscribed through the provider. */
        UNSUBSCRIBE,
        /** The recipient replied STOP (or another opt-out keyword). */
        STOP,
        /** The address is invalid: a permanent refusal that asked for suppression, or a dead push token. */
        INVALID_ADDRESS,
        /** An operator or the host suppressed it. */
        MANUAL
    }

    /** Validates every value. */
    public Suppression {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }

    /** The channel of the address. */
    public Channel channel() {
        return address.channel();
    }
}
