package io.recall.internal;

import io.recall.model.Money;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmMetrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One customer's purchases and refunds reduced to what RFM needs: per order its earliest instant and
 * amount, per refund its instant, amount and linked order. Both the history-based calculator and the
 * streaming aggregator feed this one class, so the two can never disagree. Not thread-safe.
 */
public final class CustomerAccumulator {

    private static final class Part {
        long epochSecond;
        BigDecimal amount;
        final String orderId;

        Part(long epochSecond, BigDecimal amount, String orderId) {
            this.epochSecond = epochSecond;
            this.amount = amount;
            this.orderId = orderId;
        }
    }

    private final String customerId;
    private final Map<String, Part> orders = new HashMap<>(8);
    private Map<String, Part> refunds;
    private String lastOrderId;
    private Part lastOrder;

    public CustomerAccumulator(String customerId) {
        this.customerId = customerId;
    }

    public String customerId() {
        return customerId;
    }

    /** Adds a purchase line (or a whole order) in the metric currency; lines of one order add up. */
    public void purchase(String orderId, long epochSecond, BigDecimal amount) {
        // Lines of one order usually arrive together: try the last order before hashing the id.
        Part part = lastOrderId != null && lastOrderId.equals(orderId) ? lastOrder : orders.get(orderId);
        if (part == null) {
            part = new Part(epochSecond, amount, null);
            orders.put(orderId, part);
            lastOrderId = orderId;
            lastOrder = part;
        } else {
            lastOrderId = orderId;
            lastOrder = part;
            part.amount = part.amount.add(amount);
            part.epochSecond = Math.min(part.epochSecond, epochSecond);
        }
    }

    /** Adds a refund line (positive amount) in the metric currency; lines of one refund add up. */
    public void refund(String refundId, long epochSecond, BigDecimal amount, String orderIdOrNull) {
        if (refunds == null) {
            refunds = new HashMap<>(4);
        }
        Part part = refunds.get(refundId);
        if (part == null) {
            refunds.put(refundId, new Part(epochSecond, amount, orderIdOrNull));
        } else {
            part.amount = part.amount.add(amount);
            part.epochSecond = Math.min(part.epochSecond, epochSecond);
        }
    }

    public boolean hasPurchase() {
        return !orders.isEmpty();
    }

    /** The latest purchase instant in epoch seconds, or {@code Long.MIN_VALUE} without purchases. */
    public long lastPurchaseEpochSecond() {
        long last = Long.MIN_VALUE;
        for (Part part : orders.values()) {
            last = Math.max(last, part.epochSecond);
        }
        return last;
    }

    /**
     * The metrics as of the end of {@code asOf} (events on later local days are ignored), or empty when
     * no purchase counts by then. Does not change the accumulator.
     */
    public Optional<RfmMetrics> metrics(LocalDate asOf, Currency currency, ZoneId zone,
                                        FrequencyBasis frequencyBasis, MonetaryBasis monetaryBasis) {
        long asOfDay = asOf.toEpochDay();
        ZoneRules rules = zone.getRules();
        BigDecimal net = BigDecimal.ZERO;
        Map<String, BigDecimal> refundedByOrder = Map.of();
        if (refunds != null) {
            for (Part refund : refunds.values()) {
                if (localDay(rules, refund.epochSecond) > asOfDay) {
                    continue;
                }
                net = net.subtract(refund.amount);
                if (refund.orderId != null) {
                    if (refundedByOrder.isEmpty()) {
                        refundedByOrder = new HashMap<>();
                    }
                    refundedByOrder.merge(refund.orderId, refund.amount, BigDecimal::add);
                }
            }
        }
        long[] days = new long[orders.size()];
        int occasions = 0;
        for (Map.Entry<String, Part> entry : orders.entrySet()) {
            Part order = entry.getValue();
            long day = localDay(rules, order.epochSecond);
            if (day > asOfDay) {
                continue;
            }
            net = net.add(order.amount);
            BigDecimal refunded = refundedByOrder.get(entry.getKey());
            // A linked refund of the whole order means the purchase did not happen after all.
            if (refunded != null && refunded.compareTo(order.amount) >= 0) {
                continue;
            }
            days[occasions++] = day;
        }
        if (occasions == 0) {
            return Optional.empty();
        }
        Arrays.sort(days, 0, occasions);
        long first = days[0];
        long last = days[occasions - 1];
        int frequency = occasions;
        if (frequencyBasis == FrequencyBasis.DISTINCT_DAYS) {
            frequency = 1;
            for (int i = 1; i < occasions; i++) {
                if (days[i] != days[i - 1]) {
                    frequency++;
                }
            }
        }
        int digits = currency.getDefaultFractionDigits();
        BigDecimal monetary = monetaryBasis == MonetaryBasis.AVERAGE
                ? net.divide(BigDecimal.valueOf(frequency), digits, RoundingMode.HALF_EVEN)
                : net.setScale(digits, RoundingMode.HALF_EVEN);
        return Optional.of(new RfmMetrics(customerId, Math.toIntExact(asOfDay - last), frequency,
                new Money(monetary, currency), Math.toIntExact(asOfDay - first)));
    }

    private static long localDay(ZoneRules rules, long epochSecond) {
        int offset = rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
        return Math.floorDiv(epochSecond + offset, 86_400L);
    }
}
