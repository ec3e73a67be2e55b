package io.recall.campaign;

import io.recall.channels.Address;
import io.recall.channels.Channel;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a customer can be reached: addresses (at most one per channel is used, the first), zone and language.
 *
 * @param customerId the customer
 * @param zone       their time zone, in which the send window is read
 * @param locale     the language to render in ({@link Locale#ROOT} for none in particular)
 * @param addresses  their addresses; may be empty
 */
public record Contact(String customerId, ZoneId zone, Locale locale, List<Address> addresses) {

    /** Validates and copies. */
    public Contact {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(locale, "locale");
        addresses = List.copyOf(addresses);
    }

    /** The first address on a channel. */
    public Optional<Address> on(Channel channel) {
        return addresses.stream().filter(a -> a.channel().equals(channel)).findFirst();
    }
}
