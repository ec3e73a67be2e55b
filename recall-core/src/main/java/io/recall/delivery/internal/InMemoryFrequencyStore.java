package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.delivery.FrequencyCap;
import io.recall.delivery.FrequencyStore;
import io.recall.delivery.FrequencyStore.CountedSend;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link FrequencyStore} in memory, one counted send per outbox entry. */
public final class InMemoryFrequencyStore implements FrequencyStore {

    private record Send(String customerId, Channel channel, Instant at) {
    }

    private final Map<String, Send> sends = new HashMap<>();

    @Override
    public synchronized void record(String entryId, String customerId, Channel channel, Instant at) {
        sends.put(Objects.requireNonNull(entryId, "entryId"), new Send(customerId, channel, at));
    }

    @Override
    public synchronized void release(String entryId) {
        sends.remove(entryId);
    }

    @Override
    public synchronized List<CountedSend> sendsSince(String customerId, Optional<Channel> channel, Instant since) {
        return sends.entrySet().stream()
                .filter(e -> e.getValue().customerId().equals(customerId) && !e.getValue().at().isBefore(since)
                        && (channel.isEmpty() || channel.get().equals(e.getValue().channel())))
                .map(e -> new CountedSend(e.getKey(), e.getValue().channel(), e.getValue().at()))
                .sorted(Comparator.comparing(CountedSend::at).thenComparing(CountedSend::entryId)).toList();
    }

    /** Checks and counts under this store's monitor, so concurrent callers are serialised. */
    @Override
    public synchronized Optional<Instant> tryAcquire(String entryId, String customerId, Channel channel, Instant now,
                                                     List<FrequencyCap> caps) {
        Objects.requireNonNull(entryId, "entryId");
        Optional<Instant> blocked = FrequencyCaps.blockedUntil(entryId, channel, now, caps,
                (ch, since) -> sendsSince(customerId, ch, since));
        if (blocked.isEmpty()) {
            record(entryId, customerId, channel, now);
        }
        return blocked;
    }
}
