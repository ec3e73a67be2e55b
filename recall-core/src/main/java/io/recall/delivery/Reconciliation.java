package io.recall.delivery;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where every enqueued message stands at one moment: counts per state and per state and reason.
 *
 * <p>{@code enqueued = queued + deferred + in-flight + sent + suppressed + dead-lettered + unknown-outcome},
 * always: {@link #balances()} checks it.
 *
 * @param enqueued  how many distinct messages were enqueued
 * @param byState   how many are in each state (every state present, possibly 0)
 * @param byReason  how many are in each state for each reason (only non-zero counts)
 */
public record Reconciliation(long enqueued, Map<DeliveryState, Long> byState,
                             Map<DeliveryState, Map<DeliveryReason, Long>> byReason) {

    /** Copies the maps and fills in absent states with 0. */
    public Reconciliation {
        Map<DeliveryState, Long> states = new EnumMap<>(DeliveryState.class);
        for (DeliveryState s : DeliveryState.values()) {
            states.put(s, Objects.requireNonNull(byState, "byState").getOrDefault(s, 0L));
        }
        byState = Map.copyOf(states);
        Map<DeliveryState, Map<DeliveryReason, Long>> reasons = new EnumMap<>(DeliveryState.class);
        Objects.requireNonNull(byReason, "byReason").forEach((s, m) -> reasons.put(s, Map.copyOf(m)));
        byReason = Map.copyOf(reasons);
    }

    /** How many messages are in a state. */
    public long count(DeliveryState state) {
        return byState.get(state);
    }

    /** How many messages are in a state for a reason. */
    public long count(DeliveryState state, DeliveryReason reason) {
        return byReason.getOrDefault(state, Map.of()).getOrDefault(reason, 0L);
    }

    /** How many messages are in a terminal state. */
    public long terminal() {
        return byState.entrySet().stream().filter(e -> e.getKey().isTerminal()).mapToLong(Map.Entry::getValue).sum();
    }

    /** Whether the states add up to the enqueued count, and each state's reasons to the state's count. */
    public boolean balances() {
        long sum = byState.values().stream().mapToLong(Long::longValue).sum();
        if (sum != enqueued) {
            return false;
        }
        for (DeliveryState s : DeliveryState.values()) {
            long reasons = byReason.getOrDefault(s, Map.of()).values().stream().mapToLong(Long::longValue).sum();
            if (reasons != byState.get(s)) {
                return false;
            }
        }
        return true;
    }

    /** The equation with its numbers, such as {@code enqueued 10 = queued 0 + deferred 2 + ...}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("enqueued ").append(enqueued).append(" =");
        String sep = " ";
        for (DeliveryState s : DeliveryState.values()) {
            b.append(sep).append(s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).append(' ')
                    .append(byState.get(s));
            Map<DeliveryReason, Long> r = byReason.getOrDefault(s, Map.of());
            if (!r.isEmpty()) {
                b.append(' ').append(new java.util.TreeMap<>(r));
            }
            sep = " + ";
        }
        return b.toString();
    }
}
