package io.recall.campaign;

import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.segment.Classification;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An audience filter: one RFM metric or score within inclusive bounds, such as recency 90..365 days.
 *
 * @param metric what is compared
 * @param min    the lowest value let in, when bounded below
 * @param max    the highest value let in, when bounded above; at least one bound, {@code min <= max}
 */
public record MetricFilter(Metric metric, Optional<BigDecimal> min, Optional<BigDecimal> max) {

    /** Validates the bounds. */
    public MetricFilter {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("a filter on " + metric.id() + " needs a min or a max");
        }
        if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
            throw new IllegalArgumentException("filter on " + metric.id() + ": min " + min.get() + " is above max "
                    + max.get());
        }
    }

    /** A filter with both bounds. */
    public static MetricFilter between(Metric metric, BigDecimal min, BigDecimal max) {
        return new MetricFilter(metric, Optional.of(min), Optional.of(max));
    }

    /** A filter bounded below only. */
    public static MetricFilter atLeast(Metric metric, BigDecimal min) {
        return new MetricFilter(metric, Optional.of(min), Optional.empty());
    }

    /** A filter bounded above only. */
    public static MetricFilter atMost(Metric metric, BigDecimal max) {
        return new MetricFilter(metric, Optional.empty(), Optional.of(max));
    }

    /** Whether a classified customer passes. */
    public boolean test(Classification c) {
        BigDecimal v = metric.value(c.metrics(), c.score());
        return min.map(m -> v.compareTo(m) >= 0).orElse(true) && max.map(m -> v.compareTo(m) <= 0).orElse(true);
    }

    /** The metrics and scores a filter can read. */
    public enum Metric {
        /** Days since the last order. */
        RECENCY_DAYS("recency-days"),
        /** Orders (or distinct days), as the metrics were computed. */
        FREQUENCY("frequency"),
        /** Monetary value in major units of its currency (12.50), as the metrics were computed. */
        MONETARY("monetary"),
        /** Days since the first order. */
        TENURE_DAYS("tenure-days"),
        /** The recency score. */
        R("r"),
        /** The frequency score. */
        F("f"),
        /** The monetary score. */
        M("m");

        private final String id;

        Metric(String id) {
            this.id = id;
        }

        /** The JSON id. */
        public String id() {
            return id;
        }

        /** The metric with this JSON id. */
        public static Optional<Metric> byId(String id) {
            return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
        }

        BigDecimal value(RfmMetrics metrics, RfmScore score) {
            switch (this) {
                case RECENCY_DAYS: return BigDecimal.valueOf(metrics.recencyDays());
                case FREQUENCY: return BigDecimal.valueOf(metrics.frequency());
                case MONETARY: return metrics.monetary().amount();
                case TENURE_DAYS: return BigDecimal.valueOf(metrics.tenureDays());
                case R: return BigDecimal.valueOf(score.r());
                case F: return BigDecimal.valueOf(score.f());
                default: return BigDecimal.valueOf(score.m());
            }
        }
    }
}
