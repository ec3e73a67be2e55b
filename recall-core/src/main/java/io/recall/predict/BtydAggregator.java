package io.recall.predict;

import io.recall.model.CurrencyMismatchException;
import io.recall.model.Money;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds BTYD summaries from a stream of orders without keeping the rows: memory grows with customers
 * and orders. Purchases are counted per distinct local day (in the given zone), as the BTYD papers do:
 * several orders on one day are one purchase occasion, whose spend is their sum. Not thread-safe; one per
 * stream.
 *
 * <p>Orders with the same id (per customer) are one order: its earliest instant, its amounts added up.
 * A refund linked to an order that covers the whole order (by the as-of date) removes that purchase; a
 * partial one reduces its spend. Unlinked refunds do not change BTYD summaries (they cannot be placed on a
 * purchase occasion). An order without a known amount counts as a purchase but leaves the customer's mean
 * spend unknown.
 */
public final class BtydAggregator {

    private static final class Part {
        long epochSecond;
        BigDecimal amount;
        boolean amountKnown;
        List<Long> refundTimes;
        List<BigDecimal> refundAmounts;

        Part(long epochSecond, BigDecimal amount, boolean known) {
            this.epochSecond = epochSecond;
            this.amount = amount;
            this.amountKnown = known;
        }
    }

    private static final class Customer {
        final String id;
        final Map<String, Part> orders = new HashMap<>(8);

        Customer(String id) {
            this.id = id;
        }
    }

    private final ZoneRules rules;
    private final Map<String, Customer> customers = new HashMap<>();
    private Customer last;
    private Currency currency;

    private BtydAggregator(ZoneId zone) {
        this.rules = Objects.requireNonNull(zone, "zone").getRules();
    }

    /** An empty aggregator that assigns instants to days in {@code zone} (the shop's zone). */
    public static BtydAggregator create(ZoneId zone) {
        return new BtydAggregator(zone);
    }

    /**
     * Adds a purchase (or a line of one; lines with the same order id add up).
     *
     * @throws CurrencyMismatchException when the amount's currency differs from the first one seen
     */
    public void addPurchase(String customerId, String orderId, Instant at, Money amount) {
        Objects.requireNonNull(amount, "amount");
        checkCurrency(amount.currency());
        add(customerId, orderId, at, amount.amount(), true);
    }

    /** Adds a purchase whose amount is not known (an event log of dates only). */
    public void addPurchase(String customerId, String orderId, Instant at) {
        add(customerId, orderId, at, BigDecimal.ZERO, false);
    }

    private void add(String customerId, String orderId, Instant at, BigDecimal amount, boolean known) {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(at, "at");
        Customer c = customer(customerId);
        Part part = c.orders.get(orderId);
        if (part == null) {
            c.orders.put(orderId, new Part(at.getEpochSecond(), amount, known));
        } else {
            part.epochSecond = Math.min(part.epochSecond, at.getEpochSecond());
            part.amount = part.amount.add(amount);
            part.amountKnown &= known;
        }
    }

    /**
     * Adds a refund (a positive amount). Linked to an order, it reduces that order's spend and, when it
     * covers the whole order, removes the purchase; unlinked, it is ignored (see the class description).
     */
    public void addRefund(String customerId, Optional<String> orderId, Instant at, Money amount) {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("refund amount must be positive but was " + amount);
        }
        checkCurrency(amount.currency());
        Customer c = customer(customerId);
        if (orderId.isEmpty()) {
            return;
        }
        Part part = c.orders.get(orderId.get());
        if (part == null) {
            // The order may arrive later in the stream.
            part = new Part(Long.MAX_VALUE, BigDecimal.ZERO, true);
            c.orders.put(orderId.get(), part);
        }
        if (part.refundTimes == null) {
            part.refundTimes = new ArrayList<>(1);
            part.refundAmounts = new ArrayList<>(1);
        }
        part.refundTimes.add(at.getEpochSecond());
        part.refundAmounts.add(amount.amount());
    }

    private void checkCurrency(Currency c) {
        if (currency == null) {
            currency = c;
        } else if (!currency.equals(c)) {
            throw new CurrencyMismatchException(currency, c);
        }
    }

    private Customer customer(String customerId) {
        Objects.requireNonNull(customerId, "customerId");
        Customer c = last;
        if (c != null && c.id.equals(customerId)) {
            return c;
        }
        c = customers.computeIfAbsent(customerId, Customer::new);
        last = c;
        return c;
    }

    /** How many distinct customers were seen. */
    public int customersSeen() {
        return customers.size();
    }

    /** The local day of the latest purchase seen, if any: the usual calibration end. */
    public Optional<LocalDate> lastPurchaseDay() {
        long max = Long.MIN_VALUE;
        for (Customer c : customers.values()) {
            for (Part p : c.orders.values()) {
                if (p.epochSecond != Long.MAX_VALUE) {
                    max = Math.max(max, p.epochSecond);
                }
            }
        }
        return max == Long.MIN_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day(max)));
    }

    /** The local day of the earliest purchase seen, if any: where the usual calibration start comes from. */
    public Optional<LocalDate> firstPurchaseDay() {
        long min = Long.MAX_VALUE;
        for (Customer c : customers.values()) {
            for (Part p : c.orders.values()) {
                min = Math.min(min, p.epochSecond);
            }
        }
        return min == Long.MAX_VALUE ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(day(min)));
    }

    /**
     * Every customer's BG/BB summary in {@link PeriodUnit#OPPORTUNITIES}: the calendar is cut into
     * periods from {@code calibrationStart}, and the calibration ends with the last whole period on or before
     * {@code asOf}; see {@link #opportunitySplit}.
     */
    public List<BtydSummary> opportunitySummaries(LocalDate calibrationStart, LocalDate asOf, OpportunityPeriod period) {
        return opportunitySplit(calibrationStart, asOf, asOf, period).calibration();
    }

    /**
     * BG/BB summaries from dated purchases, as Fader, Hardie and Shang (2010) define them: the calendar is
     * cut into periods of {@code period} from {@code calibrationStart} (purchases before it are not seen),
     * and each period is one transaction opportunity, in which a customer transacts or not, however many
     * orders they place in it. The period of a customer's first purchase is their time 0 and is not an
     * opportunity; n is the number of whole periods after it up to the end of calibration, x the number of
     * those with a purchase, and t_x the last of them (0 when x = 0), so x &lt;= t_x &lt;= n.
     *
     * <p>Calibration ends with the last whole period on or before {@code calibrationEnd}: a period that is
     * still under way on that day is not an opportunity yet, and its purchases belong to the holdout. The
     * holdout is the whole periods after calibration up to {@code holdoutEnd}; each customer's holdout
     * purchases are the number of those periods with a purchase. Refunds are applied as for the
     * continuous summaries, as of the end of the period's side of the split. The split's
     * {@code calibrationEnd} and {@code holdoutEnd} are the last days of the whole periods used.
     *
     * @throws IllegalArgumentException when no whole period fits between the start and {@code calibrationEnd},
     *                                  when the dates are out of order, or when a monthly, quarterly or yearly
     *                                  start falls after the 28th (not every month has that day)
     */
    public CalibrationHoldout opportunitySplit(LocalDate calibrationStart, LocalDate calibrationEnd,
                                               LocalDate holdoutEnd, OpportunityPeriod period) {
        Objects.requireNonNull(calibrationStart, "calibrationStart");
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(holdoutEnd, "holdoutEnd");
        Objects.requireNonNull(period, "period");
        if (period != OpportunityPeriod.WEEK && calibrationStart.getDayOfMonth() > 28) {
            throw new IllegalArgumentException("a calibration start for " + period.id() + "ly periods must fall on day "
                    + "1 to 28 of its month (not every month has day " + calibrationStart.getDayOfMonth() + ") but was "
                    + calibrationStart);
        }
        if (holdoutEnd.isBefore(calibrationEnd)) {
            throw new IllegalArgumentException("holdout end " + holdoutEnd + " precedes calibration end " + calibrationEnd);
        }
        if (calibrationEnd.isBefore(calibrationStart)) {
            throw new IllegalArgumentException("calibration end " + calibrationEnd + " precedes calibration start "
                    + calibrationStart);
        }
        long calibrationPeriods = period.index(calibrationStart, calibrationEnd.plusDays(1));
        if (calibrationPeriods == 0) {
            throw new IllegalArgumentException("no whole " + period.id() + " from the calibration start " + calibrationStart
                    + " to " + calibrationEnd + ": the first one ends on " + period.startOf(calibrationStart, 1).minusDays(1));
        }
        long allPeriods = period.index(calibrationStart, holdoutEnd.plusDays(1));
        if (allPeriods > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " opportunities but got " + allPeriods);
        }
        long startDay = calibrationStart.toEpochDay();
        long calEnd = period.startOf(calibrationStart, calibrationPeriods).toEpochDay() - 1;
        long holdEnd = period.startOf(calibrationStart, allPeriods).toEpochDay() - 1;
        Horizon holdout = Horizon.opportunities((int) (allPeriods - calibrationPeriods));
        List<String> ids = new ArrayList<>(customers.keySet());
        ids.sort(null);
        List<HoldoutSummary> result = new ArrayList<>(ids.size());
        int lateComers = 0;
        for (String id : ids) {
            java.util.TreeSet<Long> calibration = new java.util.TreeSet<>();
            java.util.Set<Long> later = new java.util.HashSet<>();
            for (Part p : customers.get(id).orders.values()) {
                if (p.epochSecond == Long.MAX_VALUE) {
                    continue;
                }
                long d = day(p.epochSecond);
                if (d < startDay || d > holdEnd || !survives(p, d <= calEnd ? calEnd : holdEnd)) {
                    continue;
                }
                long k = period.index(calibrationStart, LocalDate.ofEpochDay(d));
                (k < calibrationPeriods ? calibration : later).add(k);
            }
            if (calibration.isEmpty()) {
                if (!later.isEmpty()) {
                    lateComers++;
                }
                continue;
            }
            long first = calibration.first();
            int x = calibration.size() - 1;
            long tx = x == 0 ? 0 : calibration.last() - first;
            long n = calibrationPeriods - 1 - first;
            BtydSummary summary = BtydSummary.of(id, x, tx, n, PeriodUnit.OPPORTUNITIES);
            result.add(new HoldoutSummary(summary, later.size(), holdout));
        }
        return new CalibrationHoldout(LocalDate.ofEpochDay(calEnd), LocalDate.ofEpochDay(holdEnd), result, lateComers);
    }

    /** Whether a purchase still stands once the refunds made by {@code asOfDay} are applied. */
    private boolean survives(Part p, long asOfDay) {
        if (p.refundTimes == null) {
            return true;
        }
        BigDecimal refunded = BigDecimal.ZERO;
        boolean anyRefund = false;
        for (int i = 0; i < p.refundTimes.size(); i++) {
            if (day(p.refundTimes.get(i)) <= asOfDay) {
                refunded = refunded.add(p.refundAmounts.get(i));
                anyRefund = true;
            }
        }
        return !anyRefund || (p.amountKnown && refunded.compareTo(p.amount) < 0);
    }

    /**
     * Every customer's summary as of the end of {@code calibrationEnd} (events on later days are ignored),
     * sorted by customer id; customers without a purchase by then are left out.
     *
     * @param unit days or weeks
     */
    public List<BtydSummary> summaries(LocalDate calibrationEnd, PeriodUnit unit) {
        return split(calibrationEnd, calibrationEnd, unit).calibration();
    }

    /**
     * The calibration/holdout split: summaries as of the end of {@code calibrationEnd} and each customer's
     * purchase days in (calibrationEnd, holdoutEnd].
     *
     * @param unit days or weeks
     */
    public CalibrationHoldout split(LocalDate calibrationEnd, LocalDate holdoutEnd, PeriodUnit unit) {
        Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        Objects.requireNonNull(holdoutEnd, "holdoutEnd");
        Objects.requireNonNull(unit, "unit");
        if (unit == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("summaries from dates are in days or weeks; for BG/BB use "
                    + "opportunitySummaries with an OpportunityPeriod, or build BtydData from opportunity counts");
        }
        if (holdoutEnd.isBefore(calibrationEnd)) {
            throw new IllegalArgumentException("holdout end " + holdoutEnd + " precedes calibration end " + calibrationEnd);
        }
        long calEnd = calibrationEnd.toEpochDay();
        long holdEnd = holdoutEnd.toEpochDay();
        Horizon holdout = new Horizon(PeriodUnit.DAYS.convert(holdEnd - calEnd, unit), unit);
        List<String> ids = new ArrayList<>(customers.keySet());
        ids.sort(null);
        List<HoldoutSummary> result = new ArrayList<>(ids.size());
        int lateComers = 0;
        for (String id : ids) {
            Customer c = customers.get(id);
            TreeMap<Long, BigDecimal> calibrationDays = new TreeMap<>();
            java.util.Set<Long> unknownDays = new java.util.HashSet<>();
            java.util.Set<Long> holdoutDays = new java.util.HashSet<>();
            for (Part p : c.orders.values()) {
                if (p.epochSecond == Long.MAX_VALUE) {
                    continue;
                }
                long d = day(p.epochSecond);
                if (d > holdEnd) {
                    continue;
                }
                long asOf = d <= calEnd ? calEnd : holdEnd;
                BigDecimal refunded = BigDecimal.ZERO;
                boolean anyRefund = false;
                if (p.refundTimes != null) {
                    for (int i = 0; i < p.refundTimes.size(); i++) {
                        if (day(p.refundTimes.get(i)) <= asOf) {
                            refunded = refunded.add(p.refundAmounts.get(i));
                            anyRefund = true;
                        }
                    }
                }
                if (anyRefund && (!p.amountKnown || refunded.compareTo(p.amount) >= 0)) {
                    continue;
                }
                if (d <= calEnd) {
                    calibrationDays.merge(d, p.amount.subtract(refunded), BigDecimal::add);
                    if (!p.amountKnown) {
                        unknownDays.add(d);
                    }
                } else {
                    holdoutDays.add(d);
                }
            }
            if (calibrationDays.isEmpty()) {
                if (!holdoutDays.isEmpty()) {
                    lateComers++;
                }
                continue;
            }
            long first = calibrationDays.firstKey();
            long lastDay = calibrationDays.lastKey();
            int x = calibrationDays.size() - 1;
            Optional<Money> spend = Optional.empty();
            if (x > 0 && currency != null) {
                BigDecimal sum = BigDecimal.ZERO;
                boolean known = true;
                for (Map.Entry<Long, BigDecimal> e : calibrationDays.tailMap(first, false).entrySet()) {
                    known &= !unknownDays.contains(e.getKey());
                    sum = sum.add(e.getValue());
                }
                if (known) {
                    spend = Optional.of(Money.of(sum.divide(BigDecimal.valueOf(x), MathContext.DECIMAL64), currency));
                }
            }
            BtydSummary summary = new BtydSummary(id, x, PeriodUnit.DAYS.convert(lastDay - first, unit),
                    PeriodUnit.DAYS.convert(calEnd - first, unit), unit, spend);
            result.add(new HoldoutSummary(summary, holdoutDays.size(), holdout));
        }
        return new CalibrationHoldout(calibrationEnd, holdoutEnd, result, lateComers);
    }

    private long day(long epochSecond) {
        int offset = rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return Math.floorDiv(epochSecond + offset, 86_400L);
    }
}
