package io.recall.generator;

import io.recall.model.CustomerHistory;
import io.recall.model.Money;
import io.recall.model.Order;
import io.recall.model.OrderLine;
import io.recall.model.Refund;
import io.recall.model.RefundKind;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Simulates one customer's purchases and refunds over the period; the process is described on
 * {@link ShopGenerator}.
 *
 * <p>Time runs in days from the start of the period as a double; a purchase lands on the shop-zone day
 * it falls in, at a time of day drawn in the customer's own zone. Immutable and thread-safe.
 */
final class HistorySimulator {

    private static final int SECONDS_PER_DAY = 86_400;
    private static final double MAX_PURCHASE_UPLIFT = Math.max(1.0, Calibration.PEAK_PURCHASE_UPLIFT);
    private static final double MAX_ACQUISITION_UPLIFT = Math.max(1.0, Calibration.PEAK_ACQUISITION_UPLIFT);

    private final LocalDate start;
    private final long days;
    private final ZoneId zone;
    private final Instant end;
    private final String source;
    private final BasketFiller baskets;
    private final double[] hourCumulative;

    HistorySimulator(LocalDate start, LocalDate end, ZoneId zone, String source, BasketFiller baskets) {
        this.start = start;
        this.days = ChronoUnit.DAYS.between(start, end);
        this.zone = zone;
        this.end = end.atStartOfDay(zone).toInstant();
        this.source = source;
        this.baskets = baskets;
        this.hourCumulative = new double[Calibration.HOUR_WEIGHTS.length];
        double sum = 0;
        for (int h = 0; h < hourCumulative.length; h++) {
            sum += Calibration.HOUR_WEIGHTS[h];
            hourCumulative[h] = sum;
        }
    }

    /** The customer's history; at least one order, everything in [start, end). */
    CustomerHistory simulate(String customerId, ZoneId customerZone, Rng rng) {
        List<Double> times = purchaseTimes(rng);
        List<Instant> placed = new ArrayList<>(times.size());
        for (double t : times) {
            placed.add(placedAt(start.plusDays((long) t), customerZone, rng));
        }
        // Two purchases on one day may have drawn their times of day in either order.
        Collections.sort(placed);

        // ν of the Gamma-Gamma model: the rate of this customer's order values, so their mean is p / ν.
        double spendRate = rng.gamma(Calibration.SPEND_SHAPE_Q, Calibration.SPEND_RATE_GAMMA);
        int[] favourites = baskets.favourites(rng);
        List<Order> orders = new ArrayList<>(placed.size());
        List<Refund> refunds = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            String orderId = customerId + "-" + String.format(Locale.ROOT, "%04d", i + 1);
            double value = rng.gamma(Calibration.SPEND_SHAPE_P, spendRate);
            Order order = new Order(orderId, customerId, placed.get(i), source, baskets.fill(value, favourites, rng));
            orders.add(order);
            if (rng.chance(Calibration.REFUND_RATE)) {
                // The first order is never cancelled: every customer stays a customer who bought.
                boolean cancel = i > 0 && rng.chance(Calibration.CANCELLATION_SHARE);
                Refund refund = cancel ? cancellation(order, rng) : partialReturn(order, rng);
                // A refund due at or after the end has not happened yet.
                if (refund.at().isBefore(end)) {
                    refunds.add(refund);
                }
            }
        }
        return new CustomerHistory(customerId, orders, refunds);
    }

    /**
     * Days from the start of the period of each purchase, ascending: the acquisition purchase, then a
     * seasonal Poisson process (by thinning) that may end after each purchase.
     */
    private List<Double> purchaseTimes(Rng rng) {
        double window = Calibration.ACQUISITION_SHARE * days;
        double t;
        do {
            t = rng.nextDouble() * window;
        } while (rng.nextDouble() * MAX_ACQUISITION_UPLIFT >= acquisitionWeight(t));

        double rate = rng.gamma(Calibration.RATE_SHAPE, Calibration.RATE_SCALE_DAYS);
        double dropout = rng.beta(Calibration.DROPOUT_A, Calibration.DROPOUT_B);
        List<Double> times = new ArrayList<>();
        times.add(t);
        while (!rng.chance(dropout)) {
            do {
                t += rng.exponential(rate * MAX_PURCHASE_UPLIFT);
                if (t >= days) {
                    return times;
                }
            } while (rng.nextDouble() * MAX_PURCHASE_UPLIFT >= purchaseWeight(t));
            times.add(t);
        }
        return times;
    }

    private boolean peakSeason(double t) {
        Month month = start.plusDays((long) t).getMonth();
        return month == Month.NOVEMBER || month == Month.DECEMBER;
    }

    private double acquisitionWeight(double t) {
        return peakSeason(t) ? Calibration.PEAK_ACQUISITION_UPLIFT : 1.0;
    }

    private double purchaseWeight(double t) {
        return peakSeason(t) ? Calibration.PEAK_PURCHASE_UPLIFT : 1.0;
    }

    /** An instant on the shop's {@code day} whose local time in the customer's zone follows the hour profile. */
    private Instant placedAt(LocalDate day, ZoneId customerZone, Rng rng) {
        int customerSecond = rng.cumulative(hourCumulative) * 3600 + rng.nextInt(3600);
        Instant noon = day.atTime(12, 0).atZone(zone).toInstant();
        int shift = customerZone.getRules().getOffset(noon).getTotalSeconds()
                - zone.getRules().getOffset(noon).getTotalSeconds();
        // Wrapping keeps the shop's day, so the purchase never leaves [start, end).
        LocalTime shopTime = LocalTime.ofSecondOfDay(Math.floorMod(customerSecond - shift, SECONDS_PER_DAY));
        Instant at = ZonedDateTime.of(day, shopTime, zone).toInstant();
        // A daylight-saving gap just before midnight could push a late time into the next day.
        Instant nextDay = day.plusDays(1).atStartOfDay(zone).toInstant();
        return at.isBefore(nextDay) ? at : nextDay.minusSeconds(1);
    }

    private Refund cancellation(Order order, Rng rng) {
        long delay = Calibration.CANCELLATION_MIN_SECONDS + (long) StrictMath.floor(rng.nextDouble()
                * (Calibration.CANCELLATION_MAX_SECONDS - Calibration.CANCELLATION_MIN_SECONDS));
        return new Refund(order.id() + "-R", order.customerId(), order.placedAt().plusSeconds(delay),
                RefundKind.CANCELLATION, Optional.of(order.id()), source, order.total(), order.lines());
    }

    private Refund partialReturn(Order order, Rng rng) {
        OrderLine line = order.lines().get(rng.nextInt(order.lines().size()));
        long quantity = 1 + rng.nextInt((int) Math.min(line.quantity(), Integer.MAX_VALUE));
        OrderLine returned = OrderLine.of(line.sku(), line.category(), quantity, line.unitPrice());
        long delay = (long) StrictMath.floor(
                rng.uniform(Calibration.RETURN_MIN_DAYS, Calibration.RETURN_MAX_DAYS) * SECONDS_PER_DAY);
        Money amount = returned.amount();
        return new Refund(order.id() + "-R", order.customerId(), order.placedAt().plusSeconds(delay),
                RefundKind.RETURN, Optional.of(order.id()), source, amount, List.of(returned));
    }
}
