package io.recall.predict;

import io.recall.model.CustomerHistory;
import io.recall.model.Order;
import io.recall.model.Refund;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns customer histories into BTYD summaries as of a date, and splits them into calibration and
 * holdout: continuous-time summaries (days or weeks; purchases count once per distinct local day) and
 * BG/BB summaries in opportunities (purchases count once per period of an {@link OpportunityPeriod}).
 * See {@link BtydAggregator} for the rules on refunds and spend. Stateless and thread-safe.
 */
public final class BtydSummaries {

    private BtydSummaries() {
    }

    /**
     * The customer's summary as of the end of {@code calibrationEnd}, or empty when they had no purchase by
     * then.
     *
     * @param zone the shop's zone: it decides which day an order falls on
     * @param unit days or weeks
     */
    public static Optional<BtydSummary> of(CustomerHistory history, LocalDate calibrationEnd, ZoneId zone, PeriodUnit unit) {
        Objects.requireNonNull(history, "history");
        List<BtydSummary> one = feed(List.of(history), zone).summaries(calibrationEnd, unit);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The summaries of every customer with a purchase by {@code calibrationEnd}, sorted by customer id. */
    public static List<BtydSummary> of(Collection<CustomerHistory> histories, LocalDate calibrationEnd, ZoneId zone,
                                       PeriodUnit unit) {
        return feed(histories, zone).summaries(calibrationEnd, unit);
    }

    /** The calibration/holdout split of the histories; see {@link BtydAggregator#split}. */
    public static CalibrationHoldout split(Collection<CustomerHistory> histories, LocalDate calibrationEnd,
                                           LocalDate holdoutEnd, ZoneId zone, PeriodUnit unit) {
        return feed(histories, zone).split(calibrationEnd, holdoutEnd, unit);
    }

    /**
     * The BG/BB summaries (in {@link PeriodUnit#OPPORTUNITIES}) of every customer with a purchase in the
     * whole periods of {@code period} from {@code calibrationStart} to {@code asOf}, sorted by customer id;
     * see {@link BtydAggregator#opportunitySplit} for how periods become opportunities.
     *
     * @param zone the shop's zone: it decides which day, and so which period, an order falls in
     */
    public static List<BtydSummary> opportunities(Collection<CustomerHistory> histories, LocalDate calibrationStart,
                                                  LocalDate asOf, ZoneId zone, OpportunityPeriod period) {
        return feed(histories, zone).opportunitySummaries(calibrationStart, asOf, period);
    }

    /** The calibration/holdout split in opportunities; see {@link BtydAggregator#opportunitySplit}. */
    public static CalibrationHoldout opportunitySplit(Collection<CustomerHistory> histories, LocalDate calibrationStart,
                                                      LocalDate calibrationEnd, LocalDate holdoutEnd, ZoneId zone,
                                                      OpportunityPeriod period) {
        return feed(histories, zone).opportunitySplit(calibrationStart, calibrationEnd, holdoutEnd, period);
    }

    private static BtydAggregator feed(Collection<CustomerHistory> histories, ZoneId zone) {
        Objects.requireNonNull(histories, "histories");
        BtydAggregator aggregator = BtydAggregator.create(zone);
        for (CustomerHistory h : histories) {
            for (Order order : h.orders()) {
                aggregator.addPurchase(h.customerId(), order.id(), order.placedAt(), order.total());
            }
            for (Refund refund : h.refunds()) {
                aggregator.addRefund(h.customerId(), refund.orderId(), refund.at(), refund.amount());
            }
        }
        return aggregator;
    }
}
