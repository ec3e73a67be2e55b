package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.internal.InMemoryConsentLedger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The append-only consent ledger: every grant and withdrawal, never edited, so it can show who consented,
 * when, to which text and through which source. The current state for a customer, channel and purpose is
 * the latest entry at or before the moment asked about (by time, then by order of appending). Thread-safe.
 */
public interface ConsentLedger {

    /** A thread-safe ledger in memory. */
    static ConsentLedger inMemory() {
        return new InMemoryConsentLedger();
    }

    /** Appends an entry. */
    void append(ConsentEntry entry);

    /** The entry in force at {@code asOf} for a customer, channel and purpose: the latest at or before it. */
    Optional<ConsentEntry> current(String customerId, Channel channel, Purpose purpose, Instant asOf);

    /**
     * The latest entry for a customer, channel and purpose, whatever its time: the pipeline asks it just
     * before a send, so a withdrawal stamped after the round's "now" but appended before the send is honoured.
     * The default reads {@link #history(String)}; stores override it with a direct look-up.
     */
    default Optional<ConsentEntry> latest(String customerId, Channel channel, Purpose purpose) {
        ConsentEntry latest = null;
        for (ConsentEntry e : history(customerId)) {
            if (e.channel().equals(channel) && e.purpose() == purpose && (latest == null || !e.at().isBefore(latest.at()))) {
                latest = e;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Every entry for a customer, in the order appended. */
    List<ConsentEntry> history(String customerId);
}
