package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.delivery.internal.InMemoryFrequencyStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Frequency counters: which marketing sends each customer had, on which channel, when. The pipeline
 * records a send when a message passes its policies (before the provider is called, so a cap cannot be
 * overrun by messages in flight) and releases it when the provider certainly did not take it. Thread-safe.
 */
public interface FrequencyStore {

    /** Thread-safe counters in memory. */
    static FrequencyStore inMemory() {
        return new InMemoryFrequencyStore();
    }

    /**
     * Records (or moves) the counted send under a key: the outbox entry id, or the entry id, {@code @} and an
     * attempt number for an unanswered attempt that may have reached the customer.
     */
    void record(String entryId, String customerId, Channel channel, Instant at);

    /** Forgets the counted send of an outbox entry, if any. */
    void release(String entryId);

    /**
     * A customer's counted sends at or after {@code since}, oldest first, on one channel or (when
     * {@code channel} is empty) on all channels.
     */
    List<CountedSend> sendsSince(String customerId, Optional<Channel> channel, Instant since);

    /**
     * One counted send.
     *
     * @param entryId the outbox entry it belongs to
     * @param channel the channel it went (or is going) through
     * @param at      when it was counted
     */
    record CountedSend(String entryId, Channel channel, Instant at) {

        /** Validates every value. */
        public CountedSend {
            java.util.Objects.requireNonNull(entryId, "entryId");
            java.util.Objects.requireNonNull(channel, "channel");
            java.util.Objects.requireNonNull(at, "at");
        }
    }
}
