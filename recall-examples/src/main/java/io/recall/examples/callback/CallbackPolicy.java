package io.recall.examples.callback;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * Who goes on the call-back list and when they may be called.
 *
 * @param segments    the segment ids worth a call ({@code important-value}, {@code important-develop} by default)
 * @param atRisk      when one of them counts as at risk; only those are called
 * @param hours       the calling windows and days, on the customer's clock
 * @param defaultZone the zone of customers whose profile names none (the shop's)
 */
public record CallbackPolicy(Set<String> segments, AtRiskRule atRisk, CallingHours hours, ZoneId defaultZone) {

    /** Validates and copies. */
    public CallbackPolicy {
        segments = Set.copyOf(Objects.requireNonNull(segments, "segments"));
        Objects.requireNonNull(atRisk, "atRisk");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("a call-back policy needs at least one segment");
        }
    }

    /** Important-value and important-develop customers at risk by {@link AtRiskRule#defaults()}, default hours. */
    public static CallbackPolicy defaults(ZoneId defaultZone) {
        return new CallbackPolicy(Set.of("important-value", "important-develop"), AtRiskRule.defaults(),
                CallingHours.defaults(), defaultZone);
    }

    /** This policy with other segments. */
    public CallbackPolicy withSegments(Set<String> segments) {
        return new CallbackPolicy(segments, atRisk, hours, defaultZone);
    }

    /** This policy with another at-risk rule. */
    public CallbackPolicy withAtRisk(AtRiskRule atRisk) {
        return new CallbackPolicy(segments, atRisk, hours, defaultZone);
    }

    /** This policy with other calling hours. */
    public CallbackPolicy withHours(CallingHours hours) {
        return new CallbackPolicy(segments, atRisk, hours, defaultZone);
    }
}
