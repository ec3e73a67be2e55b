package io.recall.delivery.internal;

import io.recall.channels.Address;
import io.recall.delivery.Suppression;
import io.recall.delivery.SuppressionStore;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link SuppressionStore} in memory, keyed by the {@linkplain SuppressionKey#canonical canonical} address
 * (which carries its channel), so {@code Ann@example.com} and {@code ann@example.com} share one suppression.
 */
public final class InMemorySuppressionStore implements SuppressionStore {

    private final Map<Address, Suppression> suppressed = new ConcurrentHashMap<>();

    @Override
    public boolean suppress(Suppression suppression) {
        Objects.requireNonNull(suppression, "suppression");
        return suppressed.putIfAbsent(SuppressionKey.canonical(suppression.address()), suppression) == null;
    }

    @Override
    public Optional<Suppression> find(Address address) {
        return Optional.ofNullable(suppressed.get(SuppressionKey.canonical(address)));
    }

    @Override
    public boolean lift(Address address) {
        return suppressed.remove(SuppressionKey.canonical(address)) != null;
    }
}
