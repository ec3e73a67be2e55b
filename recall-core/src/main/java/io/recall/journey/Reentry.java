package io.recall.journey;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a customer who finished a journey may enter it again.
 *
 * @param coolDown empty: never again; present: when a new trigger fires at least this long after the last
 *                 entry ended
 */
public record Reentry(Optional<Duration> coolDown) {

    /** Requires a non-negative cool-down when present. */
    public Reentry {
        Objects.requireNonNull(coolDown, "coolDown");
        coolDown.ifPresent(d -> {
            if (d.isNegative()) {
                throw new IllegalArgumentException("coolDown must not be negative but was " + d);
            }
        });
    }

    /** Once per customer, ever. */
    public static Reentry never() {
        return new Reentry(Optional.empty());
    }

    /** Again after {@code coolDown} from the end of the previous entry. */
    public static Reentry after(Duration coolDown) {
        return new Reentry(Optional.of(coolDown));
    }
}
