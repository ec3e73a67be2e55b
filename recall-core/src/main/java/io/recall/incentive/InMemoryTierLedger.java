package io.recall.incentive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Tier histories in memory, under one lock. */
final class InMemoryTierLedger implements TierLedger {

    private final Map<String, List<TierChange>> histories = new HashMap<>();

    @Override
    public synchronized Optional<TierChange> current(String customerId) {
        List<TierChange> h = histories.getOrDefault(Objects.requireNonNull(customerId, "customerId"), List.of());
        return h.isEmpty() ? Optional.empty() : Optional.of(h.get(h.size() - 1));
    }

    @Override
    public synchronized List<TierChange> history(String customerId) {
        return List.copyOf(histories.getOrDefault(Objects.requireNonNull(customerId, "customerId"), List.of()));
    }

    @Override
    public synchronized boolean append(TierChange change) {
        Objects.requireNonNull(change, "change");
        if (!current(change.customerId()).map(TierChange::to).equals(change.from())) {
            return false;
        }
        histories.computeIfAbsent(change.customerId(), k -> new ArrayList<>()).add(change);
        return true;
    }
}
