package io.recall.delivery.internal;

import io.recall.channels.Address;
import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reads a dispatch round makes for every message it claimed, at once: one query per store (per few
 * hundred messages) over the JDBC stores, one call per message over any other.
 */
public final class RoundReads {

    /** How many keys one query asks about, well under every driver's bind-parameter limit. */
    static final int CHUNK = 500;

    private RoundReads() {
    }

    /**
     * Whose consent to read.
     *
     * @param customerId the customer
     * @param channel    the channel
     * @param purpose    the purpose
     */
    public record ConsentKey(String customerId, Channel channel, Purpose purpose) {
        /** Validates every value. */
        public ConsentKey {
            Objects.requireNonNull(customerId, "customerId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    /** {@link ConsentLedger#current} for each key at {@code asOf}, in the keys' order. */
    public static List<Optional<ConsentEntry>> current(ConsentLedger ledger, List<ConsentKey> keys, Instant asOf) {
        if (ledger instanceof JdbcConsentLedger jdbc) {
            return jdbc.current(keys, asOf);
        }
        List<Optional<ConsentEntry>> all = new ArrayList<>(keys.size());
        for (ConsentKey k : keys) {
            all.add(ledger.current(k.customerId(), k.channel(), k.purpose(), asOf));
        }
        return all;
    }

    /** {@link SuppressionStore#find} for each address, in the addresses' order. */
    public static List<Optional<Suppression>> find(SuppressionStore store, List<Address> addresses) {
        if (store instanceof JdbcSuppressionStore jdbc) {
            return jdbc.find(addresses);
        }
        List<Optional<Suppression>> all = new ArrayList<>(addresses.size());
        for (Address a : addresses) {
            all.add(store.find(a));
        }
        return all;
    }

    /** {@code n} placeholders: {@code "?, ?, ?"}. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
