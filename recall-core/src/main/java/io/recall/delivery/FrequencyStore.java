package io.recall.delivery;

import io.recall.channels.Channel;
import io.recall.delivery.internal.FrequencyCaps;
import io.recall.delivery.internal.InMemoryFrequencyStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Frequency counters: which marketing sends each customer had, on which channel, when. The pipeline
 * checks the caps and counts a send in one atomic step ({@link #tryAcquire}) when a message passes its policies
 * (before the provider is called, so a cap cannot be overrun by messages in flight, nor by two workers checking
 * at once) and releases it when the provider certainly did not take it. Thread-safe.
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
     * Checks the caps and counts the send in one atomic step per customer: if every cap that applies to
     * {@code channel} leaves room for one more send at {@code now} (each cap's rolling window
     * {@code (now - window, now]}, not counting {@code entryId}'s own sends, i.e. keys {@code entryId} and
     * {@code entryId@n}), records {@code entryId} at {@code now} and returns empty; otherwise records nothing
     * and returns when the tightest cap frees up. Two workers asking for the same customer at once can never
     * both pass a cap that has room for one. An entry that is then not sent is {@link #release released}.
     *
     * <p>The default does the check and the record under this store's monitor, which is atomic only among
     * callers in this JVM; stores shared by several processes (the JDBC store) override it with a lock
     * per customer in the database.
     *
     * @return empty if counted, else the instant the caps leave room again
     */
    default Optional<Instant> tryAcquire(String entryId, String customerId, Channel channel, Instant now,
                                         List<FrequencyCap> caps) {
        synchronized (this) {
            Optional<Instant> blocked = FrequencyCaps.blockedUntil(entryId, channel, now, caps,
                    (ch, since) -> sendsSince(customerId, ch, since));
            if (blocked.isEmpty()) {
                record(entryId, customerId, channel, now);
            }
            return blocked;
        }
    }

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
