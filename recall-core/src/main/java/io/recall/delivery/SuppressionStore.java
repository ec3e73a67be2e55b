package io.recall.delivery;

import io.recall.channels.Address;
import io.recall.delivery.internal.InMemorySuppressionStore;

import java.util.Optional;

/**
 * The suppression list: addresses nothing more may be sent to, per channel. Thread-safe.
 */
public interface SuppressionStore {

    /** A thread-safe suppression list in memory. */
    static SuppressionStore inMemory() {
        return new InMemorySuppressionStore();
    }

    /**
     * Suppresses an address. The first suppression of an address is kept; a later one changes nothing.
     *
     * @return whether the address was newly suppressed
     */
    boolean suppress(Suppression suppression);

    /** The suppression of an address on its channel, if any. */
    Optional<Suppression> find(Address address);

    /** Lifts a suppression (an operator's decision, such as a re-verified address); whether there was one. */
    boolean lift(Address address);
}
