package io.recall.rfm;

import io.recall.model.Money;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Computes RFM metrics from a stream of order lines and refunds without holding the rows: memory grows
 * with customers and orders, not with lines (about 30 bytes a customer and 16 an order when ids are short
 * and amounts exact in minor units, so ten million customers fit a 2 GiB heap; {@link #fit} and
 * {@link #forEachMetrics} keep it so, where {@link #metrics} adds about 150 bytes a customer). Gives the
 * same metrics as {@link RfmCalculator} on the same events. Not thread-safe; use one per stream.
 */
public final class RfmAggregator {

    private final RfmOptions options;
    private final CompactCustomers customers;

    private RfmAggregator(RfmOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.customers = new CompactCustomers(options.currency());
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
        int customer = customers.customer(Objects.requireNonNull(customerId, "customerId"));
        customers.purchase(customer, Objects.requireNonNull(orderId, "orderId"), at.getEpochSecond(), converted.amount());
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
        int customer = customers.customer(Objects.requireNonNull(customerId, "customerId"));
        customers.refund(customer, Objects.requireNonNull(refundId, "refundId"), at.getEpochSecond(),
                converted.amount(), orderId.orElse(null));
    }

    /** How many distinct customers were seen, with or without purchases. */
    public int customersSeen() {
        return customers.size();
    }

    /** The latest purchase instant seen, if any: the usual as-of date is the day after it. */
    public Optional<Instant> lastPurchase() {
        long last = customers.lastPurchaseEpochSecond();
        return last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(last));
    }

    /** The metrics as of {@code asOf} of every customer with a purchase by then, sorted by customer id. */
    public List<RfmMetrics> metrics(LocalDate asOf) {
        List<RfmMetrics> result = new ArrayList<>(customers.size());
        forEachMetrics(asOf, result::add);
        return result;
    }

    /**
     * Gives {@code action} the metrics {@link #metrics} would list, one at a time and in the same order,
     * without holding them all: for populations too large for a list.
     */
    public void forEachMetrics(LocalDate asOf, Consumer<? super RfmMetrics> action) {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(action, "action");
        CompactCustomers.Row row = new CompactCustomers.Row();
        for (int c : customers.sortedById()) {
            if (customers.metrics(c, asOf, options, row)) {
                action.accept(customers.toMetrics(c, row));
            }
        }
    }

    /**
     * The scoring model {@link ScoringModel#fit(java.util.Collection, int, Binning, RfmOptions, LocalDate)}
     * fits on {@link #metrics}, from 16 bytes a customer instead of a list of metrics.
     *
     * @throws IllegalArgumentException when no customer has a purchase by {@code asOf}
     */
    public ScoringModel fit(LocalDate asOf, int levels, Binning binning) {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(binning, "binning");
        int n = customers.size();
        int[] recency = new int[n];
        int[] frequency = new int[n];
        long[] monetary = new long[n];
        int fitted = 0;
        CompactCustomers.Row row = new CompactCustomers.Row();
        for (int c = 0; c < n; c++) {
            if (customers.metrics(c, asOf, options, row)) {
                recency[fitted] = row.recencyDays;
                frequency[fitted] = row.frequency;
                monetary[fitted] = row.monetaryMinor;
                fitted++;
            }
        }
        if (fitted == 0) {
            throw new IllegalArgumentException("cannot fit a scoring model on an empty population");
        }
        if (fitted < n) {
            recency = Arrays.copyOf(recency, fitted);
            frequency = Arrays.copyOf(frequency, fitted);
            monetary = Arrays.copyOf(monetary, fitted);
        }
        return ScoringModel.fitOwned(recency, frequency, monetary, levels, binning, options, asOf);
    }
}
