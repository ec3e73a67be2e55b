package io.recall.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's purchases and refunds: ordered by time, each order id once.
 *
 * <p>The same order reported by two sources (say the web shop and the ERP) counts once: of the
 * records with one id, the earliest (then the first by source name) is kept. A refund that names an
 * order must not precede it.
 *
 * @param customerId the customer, not blank
 * @param orders     the purchases, sorted by time then id, each id once
 * @param refunds    the refunds and cancellations, sorted by time then id, each id once
 */
public record CustomerHistory(String customerId, List<Order> orders, List<Refund> refunds) {

    private static final Comparator<Order> ORDER_ORDER =
            Comparator.comparing(Order::placedAt).thenComparing(Order::id).thenComparing(Order::source);
    private static final Comparator<Refund> REFUND_ORDER =
            Comparator.comparing(Refund::at).thenComparing(Refund::id).thenComparing(Refund::source);

    /** Sorts, deduplicates and checks that every record belongs to this customer. */
    public CustomerHistory {
        Objects.requireNonNull(customerId, "customerId");
        if (customerId.isBlank()) {
            throw new IllegalArgumentException("customer id is blank");
        }
        orders = dedupe(orders, ORDER_ORDER, Order::id);
        refunds = dedupe(refunds, REFUND_ORDER, Refund::id);
        Map<String, Order> byId = new HashMap<>();
        for (Order order : orders) {
            requireCustomer(customerId, order.customerId(), "order " + order.id());
            byId.put(order.id(), order);
        }
        for (Refund refund : refunds) {
            requireCustomer(customerId, refund.customerId(), "refund " + refund.id());
            refund.orderId().map(byId::get).ifPresent(order -> {
                if (refund.at().isBefore(order.placedAt())) {
                    throw new IllegalArgumentException("dates out of order: refund " + refund.id() + " at " + refund.at()
                            + " precedes its order " + order.id() + " placed at " + order.placedAt());
                }
            });
        }
    }

    /** A history from records in any order, possibly with duplicates. */
    public static CustomerHistory of(String customerId, Collection<Order> orders, Collection<Refund> refunds) {
        return new CustomerHistory(customerId, List.copyOf(orders), List.copyOf(refunds));
    }

    /** A history of purchases only. */
    public static CustomerHistory of(String customerId, Collection<Order> orders) {
        return of(customerId, orders, List.of());
    }

    private static void requireCustomer(String expected, String found, String what) {
        if (!expected.equals(found)) {
            throw new IllegalArgumentException(what + " belongs to customer " + found + ", not " + expected);
        }
    }

    private static <T> List<T> dedupe(List<T> items, Comparator<T> order,
                                      java.util.function.Function<T, String> id) {
        List<T> sorted = new ArrayList<>(items);
        sorted.forEach(Objects::requireNonNull);
        sorted.sort(order);
        Map<String, T> first = new LinkedHashMap<>();
        for (T item : sorted) {
            first.putIfAbsent(id.apply(item), item);
        }
        return List.copyOf(first.values());
    }
}
