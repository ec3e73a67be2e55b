package io.recall.delivery.internal;

import io.recall.channels.Channel;
import io.recall.channels.Purpose;
import io.recall.delivery.ConsentEntry;
import io.recall.delivery.ConsentLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link ConsentLedger} in memory: an append-only list. */
public final class InMemoryConsentLedger implements ConsentLedger {

    private final List<ConsentEntry> entries = new ArrayList<>();

    @Override
    public synchronized void append(ConsentEntry entry) {
        entries.add(Objects.requireNonNull(entry, "entry"));
    }

    @Override
    public synchronized Optional<ConsentEntry> current(String customerId, Channel channel, Purpose purpose,
                                                       Instant asOf) {
        ConsentEntry latest = null;
        for (ConsentEntry e : entries) {
            if (e.customerId().equals(customerId) && e.channel().equals(channel) && e.purpose() == purpose
                    && !e.at().isAfter(asOf) && (latest == null || !e.at().isBefore(latest.at()))) {
                latest = e;
            }
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public synchronized Optional<ConsentEntry> latest(String customerId, Channel channel, Purpose purpose) {
        ConsentEntry latest = null;
        for (ConsentEntry e : entries) {
            if (e.customerId().equals(customerId) && e.channel().equals(channel) && e.purpose() == purpose
                    && (latest == null || !e.at().isBefore(latest.at()))) {
                latest = e;
            }
        }
        return Optional.ofNullable(latest);
    }

    @Override
    public synchronized List<ConsentEntry> history(String customerId) {
        return entries.stream().filter(e -> e.customerId().equals(customerId)).toList();
    }
}
