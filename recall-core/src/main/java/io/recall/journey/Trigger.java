package io.recall.journey;

import java.time.Duration;
import java.util.Objects;

/**
 * What makes a customer enter a journey. Each trigger turns the customer's facts into the instants at which
 * it fired; a STOP reply is never a trigger but always an exit (see {@link JourneyRunner}).
 */
public sealed interface Trigger {

    /** A message (not this journey's own) was sent and not opened or clicked within {@code within}. */
    record NotOpened(Duration within) implements Trigger {
        /** Requires a positive duration. */
        public NotOpened {
            positive(within);
        }
    }

    /** A message was clicked and no purchase followed within {@code within}. */
    record ClickedNoPurchase(Duration within) implements Trigger {
        /** Requires a positive duration. */
        public ClickedNoPurchase {
            positive(within);
        }
    }

    /** The customer purchased. */
    record Purchased() implements Trigger {
    }

    /** A coupon of the customer's expires in {@code daysBefore} days (and has not expired yet). */
    record CouponExpiring(int daysBefore) implements Trigger {
        /** Requires 1..365 days. */
        public CouponExpiring {
            if (daysBefore < 1 || daysBefore > 365) {
                throw new IllegalArgumentException("daysBefore must be 1..365 but was " + daysBefore);
            }
        }
    }

    private static void positive(Duration d) {
        Objects.requireNonNull(d, "within");
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("within must be positive but was " + d);
        }
    }
}
