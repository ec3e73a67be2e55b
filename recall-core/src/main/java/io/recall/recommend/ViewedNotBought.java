package io.recall.recommend;

import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.ProductView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * "Viewed but not bought": products a customer looked at for a while recently and has not bought since.
 *
 * <p>As of an instant {@code asOf}, a product qualifies when the customer's views of it in the lookback
 * window {@code (asOf - lookback, asOf]} add up to at least {@code minDwell}, and no order of theirs placed
 * at or after the first of those views (and not after {@code asOf}) contains it. Its score is the total
 * dwell in seconds; ties go to the most recently viewed, then by SKU. Views and orders after {@code asOf}
 * are ignored, so the answer for a past date does not change as data arrives.
 *
 * <p>An immutable policy; {@link #recommend} is a pure function, thread-safe.
 */
public final class ViewedNotBought {

    private final Duration lookback;
    private final Duration minDwell;

    private ViewedNotBought(Duration lookback, Duration minDwell) {
        this.lookback = Objects.requireNonNull(lookback, "lookback");
        this.minDwell = Objects.requireNonNull(minDwell, "minDwell");
        if (lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("lookback must be positive but was " + lookback);
        }
        if (minDwell.isNegative()) {
            throw new IllegalArgumentException("minDwell must not be negative but was " + minDwell);
        }
    }

    /**
     * A policy looking back {@code lookback} and requiring {@code minDwell} of viewing in all.
     *
     * @throws IllegalArgumentException if the lookback is not positive or the dwell is negative
     */
    public static ViewedNotBought of(Duration lookback, Duration minDwell) {
        return new ViewedNotBought(lookback, minDwell);
    }

    /** 14 days back, at least 10 seconds of viewing: a glance in passing is not interest. */
    public static ViewedNotBought defaults() {
        return of(Duration.ofDays(14), Duration.ofSeconds(10));
    }

    /** How far back views count. */
    public Duration lookback() {
        return lookback;
    }

    /** How long a product must have been viewed in all. */
    public Duration minDwell() {
        return minDwell;
    }

    /**
     * The customer's viewed-but-not-bought products, best first, at most {@code n}.
     *
     * @param views   the customer's product views, in any order
     * @param history the customer's purchases
     * @param asOf    the moment to answer for
     * @param n       how many, at least 0
     * @throws IllegalArgumentException if a view belongs to another customer or {@code n} is negative
     */
    public List<Recommendation> recommend(Collection<ProductView> views, CustomerHistory history, Instant asOf,
                                          int n) {
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0 but was " + n);
        }
        Instant from = asOf.minus(lookback);
        Map<String, Interest> interest = new HashMap<>();
        for (ProductView view : views) {
            Objects.requireNonNull(view, "views contains null");
            if (!view.customerId().equals(history.customerId())) {
                throw new IllegalArgumentException("a view of " + view.sku() + " belongs to customer "
                        + view.customerId() + ", not " + history.customerId());
            }
            if (view.at().isAfter(asOf) || !view.at().isAfter(from)) {
                continue;
            }
            interest.computeIfAbsent(view.sku(), s -> new Interest()).add(view);
        }
        for (Order order : history.orders()) {
            if (order.placedAt().isAfter(asOf)) {
                continue;
            }
            for (OrderLine line : order.lines()) {
                Interest i = interest.get(line.sku());
                if (i != null && !order.placedAt().isBefore(i.first)) {
                    i.bought = true;
                }
            }
        }
        List<Map.Entry<String, Interest>> candidates = new ArrayList<>();
        for (Map.Entry<String, Interest> e : interest.entrySet()) {
            if (!e.getValue().bought && e.getValue().dwell.compareTo(minDwell) >= 0) {
                candidates.add(e);
            }
        }
        candidates.sort((a, b) -> {
            int c = b.getValue().dwell.compareTo(a.getValue().dwell);
            if (c == 0) {
                c = b.getValue().last.compareTo(a.getValue().last);
            }
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<Recommendation> result = new ArrayList<>(Math.min(n, candidates.size()));
        for (int i = 0; i < candidates.size() && i < n; i++) {
            Duration dwell = candidates.get(i).getValue().dwell;
            double seconds = dwell.getSeconds() + dwell.getNano() / 1e9;
            result.add(new Recommendation(candidates.get(i).getKey(), seconds,
                    Recommendation.Reason.VIEWED_NOT_BOUGHT, Optional.empty()));
        }
        return List.copyOf(result);
    }

    /** One product's views in the window. */
    private static final class Interest {
        Duration dwell = Duration.ZERO;
        Instant first;
        Instant last;
        boolean bought;

        void add(ProductView view) {
            dwell = dwell.plus(view.dwell());
            first = first == null || view.at().isBefore(first) ? view.at() : first;
            last = last == null || view.at().isAfter(last) ? view.at() : last;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ViewedNotBought other && lookback.equals(other.lookback) && minDwell.equals(other.minDwell);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lookback, minDwell);
    }

    @Override
    public String toString() {
        return "ViewedNotBought[lookback=" + lookback + ", minDwell=" + minDwell + "]";
    }
}
