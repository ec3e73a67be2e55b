package io.recall.rfm;

import io.recall.internal.CustomerAccumulator;
import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.Refund;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes RFM metrics from customer histories. Immutable and thread-safe.
 *
 * <p>Events on local days (in {@link RfmOptions#zone()}) after the as-of date are ignored, so the same
 * history gives the metrics it had on any past date. Amounts in other currencies go through the
 * options' converter at the event's instant; with {@link CurrencyConverter#NONE} they are an error.
 */
public final class RfmCalculator {

    private final RfmOptions options;

    private RfmCalculator(RfmOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A calculator with the given options. */
    public static RfmCalculator of(RfmOptions options) {
        return new RfmCalculator(options);
    }

    /** The options this calculator uses. */
    public RfmOptions options() {
        return options;
    }

    /**
     * The customer's metrics as of the end of {@code asOf}, or empty when no purchase counts by then
     * (none yet, or every one cancelled).
     *
     * @throws io.recall.model.CurrencyMismatchException when an amount is in another currency and the
     *                                                   converter refuses it
     */
    public Optional<RfmMetrics> compute(CustomerHistory history, LocalDate asOf) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(asOf, "asOf");
        CustomerAccumulator acc = new CustomerAccumulator(history.customerId());
        for (Order order : history.orders()) {
            acc.purchase(order.id(), order.placedAt().getEpochSecond(),
                    options.converter().convert(order.total(), options.currency(), order.placedAt()).amount());
        }
        for (Refund refund : history.refunds()) {
            acc.refund(refund.id(), refund.at().getEpochSecond(),
                    options.converter().convert(refund.amount(), options.currency(), refund.at()).amount(),
                    refund.orderId().orElse(null));
        }
        return acc.metrics(asOf, options.currency(), options.zone(), options.frequencyBasis(), options.monetaryBasis());
    }

    /** The metrics of every customer who has a purchase by {@code asOf}, in the input's order. */
    public List<RfmMetrics> computeAll(Collection<CustomerHistory> histories, LocalDate asOf) {
        List<RfmMetrics> result = new ArrayList<>(histories.size());
        for (CustomerHistory history : histories) {
            compute(history, asOf).ifPresent(result::add);
        }
        return result;
    }
}
