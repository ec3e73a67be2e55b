package io.recall.examples.callback;

import io.recall.rfm.RfmMetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * When a customer counts as at risk of lapsing: when any configured criterion holds.
 *
 * <ul>
 *   <li><b>overdue</b>: a repeat buyer (2+ purchases) whose days since the last purchase are at least
 *       {@code overdueFactor} times their own average gap between purchases (first to last purchase, divided by
 *       the gaps). Relative to the customer's rhythm, so a weekly buyer silent for three weeks is at risk while a
 *       twice-a-year buyer is not;</li>
 *   <li><b>silent</b>: days since the last purchase at least {@code silentDays}, whatever the rhythm;</li>
 *   <li><b>unlikely alive</b>: a predicted probability of still being a customer (BG/NBD P(alive)) below
 *       {@code aliveBelow}, for customers the caller supplies one for.</li>
 * </ul>
 *
 * @param overdueFactor at least 1, if used
 * @param silentDays    at least 1, if used
 * @param aliveBelow    in (0, 1], if used
 */
public record AtRiskRule(OptionalDouble overdueFactor, OptionalInt silentDays, OptionalDouble aliveBelow) {

    /** Validates the ranges and requires at least one criterion. */
    public AtRiskRule {
        Objects.requireNonNull(overdueFactor, "overdueFactor");
        Objects.requireNonNull(silentDays, "silentDays");
        Objects.requireNonNull(aliveBelow, "aliveBelow");
        if (overdueFactor.isPresent() && !(overdueFactor.getAsDouble() >= 1)) {
            throw new IllegalArgumentException("overdue factor must be at least 1 but was " + overdueFactor.getAsDouble());
        }
        if (silentDays.isPresent() && silentDays.getAsInt() < 1) {
            throw new IllegalArgumentException("silent days must be at least 1 but was " + silentDays.getAsInt());
        }
        if (aliveBelow.isPresent() && !(aliveBelow.getAsDouble() > 0 && aliveBelow.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("P(alive) threshold must be in (0, 1] but was " + aliveBelow.getAsDouble());
        }
        if (overdueFactor.isEmpty() && silentDays.isEmpty() && aliveBelow.isEmpty()) {
            throw new IllegalArgumentException("an at-risk rule needs at least one criterion");
        }
    }

    /** Overdue at 1.5 times their own rhythm, or silent for 90 days, or P(alive) below 0.5 where known. */
    public static AtRiskRule defaults() {
        return new AtRiskRule(OptionalDouble.of(1.5), OptionalInt.of(90), OptionalDouble.of(0.5));
    }

    /**
     * Why the customer is at risk, or empty when they are not.
     *
     * @param m                the customer's metrics
     * @param probabilityAlive their P(alive), if predicted
     */
    public Optional<String> reason(RfmMetrics m, OptionalDouble probabilityAlive) {
        List<String> why = new ArrayList<>();
        if (overdueFactor.isPresent() && m.frequency() >= 2) {
            double gap = (double) (m.tenureDays() - m.recencyDays()) / (m.frequency() - 1);
            if (gap > 0 && m.recencyDays() >= overdueFactor.getAsDouble() * gap) {
                why.add(String.format(java.util.Locale.ROOT, "overdue: %d days since the last order, usually every %.0f",
                        m.recencyDays(), gap));
            }
        }
        if (silentDays.isPresent() && m.recencyDays() >= silentDays.getAsInt()) {
            why.add("silent for " + m.recencyDays() + " days");
        }
        if (aliveBelow.isPresent() && probabilityAlive.isPresent()
                && probabilityAlive.getAsDouble() < aliveBelow.getAsDouble()) {
            why.add(String.format(java.util.Locale.ROOT, "P(alive) %.2f", probabilityAlive.getAsDouble()));
        }
        return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
    }
}
