package io.recall.rfm;

import io.recall.internal.CustomerAccumulator;
import io.recall.model.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes RFM metrics from a stream of order lines and refunds without holding the rows: memory grows
 * with customers and orders, not with lines. Gives the same metrics as {@link RfmCalculator} on the
 * same events. Not thread-safe; use one per stream.
 */
public final class RfmAggregator {

    private final RfmOptions options;
    private final Map<String, CustomerAccumulator> customers = new HashMap<>();
    private CustomerAccumulator last;

    private RfmAggregator(RfmOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** An empty aggregator. */
    public static RfmAggregator create(RfmOptions options) {
        return new RfmAggregator(options);
    }

    /** The options in use. */
    public RfmOptions options() {
        return options;
    }

    /**
     * Adds a purchase line; lines with the same order id add up to one order.
     *
     * @throws io.recall.model.CurrencyMismatchException when the converter refuses the amount's currency
     */
    public void addPurchase(String customerId, String orderId, Instant at, Money amount) {
        Money converted = options.converter().convert(amount, options.currency(), at);
        accumulator(customerId).purchase(Objects.requireNonNull(orderId, "orderId"), at.getEpochSecond(), converted.amount());
    }

    /**
     * Adds a refund or cancellation line (a positive amount); lines with the same refund id add up.
     *
     * @param orderId the refunded order when known: a refund of a whole order removes the purchase
     */
    public void addRefund(String customerId, String refundId, Instant at, Money amount, Optional<String> orderId) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("refund amount must be positive but was " + amount);
        }
        Money converted = options.converter().convert(amount, options.currency(), at);
        accumulator(customerId).refund(Objects.requireNonNull(refundId, "refundId"), at.getEpochSecond(),
                converted.amount(), orderId.orElse(null));
    }

    private CustomerAccumulator accumulator(String customerId) {
        Objects.requireNonNull(customerId, "customerId");
        // Files list an order's lines together: the last customer is the likeliest next one.
        CustomerAccumulator last = this.last;
        if (last != null && last.customerId().equals(customerId)) {
            return last;
        }
        CustomerAccumulator acc = customers.get(customerId);
        if (acc == null) {
            acc = new CustomerAccumulator(customerId);
            customers.put(customerId, acc);
        }
        this.last = acc;
        return acc;
    }

    /** How many distinct customers were seen, with or without purchases. */
    public int customersSeen() {
        return customers.size();
    }

    /** The latest purchase instant seen, if any: the usual as-of date is the day after it. */
    public Optional<Instant> lastPurchase() {
        long last = Long.MIN_VALUE;
        for (CustomerAccumulator acc : customers.values()) {
            last = Math.max(last, acc.lastPurchaseEpochSecond());
        }
        return last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(last));
    }

    /** The metrics as of {@code asOf} of every customer with a purchase by then, sorted by customer id. */
    public List<RfmMetrics> metrics(LocalDate asOf) {
        List<String> ids = new ArrayList<>(customers.keySet());
        ids.sort(null);
        List<RfmMetrics> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            customers.get(id).metrics(asOf, options.currency(), options.zone(), options.frequencyBasis(),
                    options.monetaryBasis()).ifPresent(result::add);
        }
        return result;
    }
}
