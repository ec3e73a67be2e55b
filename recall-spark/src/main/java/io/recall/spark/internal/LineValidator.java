package io.recall.spark.internal;

import io.recall.ingest.RejectReason;
import io.recall.model.Money;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Iterator;
import java.util.Locale;

/**
 * Checks and normalises each order line on the executors, with the core's generic-import rules in the
 * core's order: time, amount, currency code, customer id, kind, order id, sign, currency. A line that
 * fails gets the first reason's code and keeps its input values; nothing throws.
 */
public final class LineValidator implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;
    private static final BigDecimal LIMIT = BigDecimal.TEN.pow(38 - LineColumns.AMOUNT_SCALE);

    private final int customer;
    private final int order;
    private final int time;
    private final int amount;
    private final int currency;
    private final int kind;
    private final int refundId;
    private final String zoneId;
    private final String currencyCode;
    private final String[] names;

    /**
     * @param kind     index of the kind column, or -1
     * @param refundId index of the refund id column, or -1
     * @param names    the input's column names, for the details of rejections
     */
    public LineValidator(int customer, int order, int time, int amount, int currency, int kind, int refundId,
                         ZoneId zone, Currency expected, String[] names) {
        this.customer = customer;
        this.order = order;
        this.time = time;
        this.amount = amount;
        this.currency = currency;
        this.kind = kind;
        this.refundId = refundId;
        this.zoneId = zone.getId();
        this.currencyCode = expected.getCurrencyCode();
        this.names = names.clone();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        ZoneId zone = ZoneId.of(zoneId);
        Currency expected = Currency.getInstance(currencyCode);
        int partition = TaskContext.get() == null ? 0 : TaskContext.getPartitionId();
        return new Iterator<>() {
            long index;

            @Override
            public boolean hasNext() {
                return input.hasNext();
            }

            @Override
            public Row next() {
                return check(input.next(), zone, expected, partition, index++);
            }
        };
    }

    private Row check(Row row, ZoneId zone, Currency expected, int partition, long index) {
        int width = row.length();
        Object[] out = new Object[width + 2 + LineColumns.NORMALISED.length];
        for (int i = 0; i < width; i++) {
            out[i] = row.get(i);
        }
        Instant at = instant(row.get(time), zone);
        if (at == null) {
            return reject(out, width, RejectReason.UNPARSABLE_DATE, names[time] + " " + shown(row.get(time)));
        }
        BigDecimal value = decimal(row.get(amount));
        if (value == null) {
            return reject(out, width, RejectReason.UNPARSABLE_AMOUNT, names[amount] + " " + shown(row.get(amount)));
        }
        Currency lineCurrency;
        try {
            Object code = row.get(currency);
            lineCurrency = Money.currency(code == null ? "" : code.toString());
        } catch (IllegalArgumentException e) {
            return reject(out, width, RejectReason.UNKNOWN_CURRENCY, names[currency] + " " + shown(row.get(currency)));
        }
        String customerId = text(row.get(customer));
        if (customerId.isEmpty()) {
            return reject(out, width, RejectReason.MISSING_CUSTOMER_ID, names[customer] + " is empty");
        }
        String orderId = text(row.get(order));
        boolean refund;
        String kindText = kind < 0 ? "purchase" : text(row.get(kind)).toLowerCase(Locale.ROOT);
        switch (kindText) {
            case "", "purchase" -> refund = false;
            case "refund", "return", "cancellation", "cancel" -> refund = true;
            default -> {
                return reject(out, width, RejectReason.UNKNOWN_KIND, names[kind] + " " + shown(kindText)
                        + ", expected purchase, refund or cancellation");
            }
        }
        // A refund without an order id is an unlinked refund; a purchase needs its order.
        if (orderId.isEmpty() && !refund) {
            return reject(out, width, RejectReason.MISSING_ORDER_ID, names[order] + " is empty");
        }
        int sign = value.signum();
        if (sign < 0 || (refund && sign == 0)) {
            return reject(out, width, RejectReason.NON_POSITIVE_PRICE, names[amount] + " " + value.toPlainString()
                    + (refund ? " (a refund needs a positive amount)" : ""));
        }
        if (!lineCurrency.equals(expected)) {
            return reject(out, width, RejectReason.CURRENCY_MISMATCH, "currency " + lineCurrency.getCurrencyCode()
                    + " in an import in " + expected.getCurrencyCode());
        }
        BigDecimal exact;
        try {
            exact = value.setScale(LineColumns.AMOUNT_SCALE, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return reject(out, width, RejectReason.UNPARSABLE_AMOUNT, names[amount] + " " + value.toPlainString()
                    + " has more than " + LineColumns.AMOUNT_SCALE + " decimals");
        }
        if (exact.abs().compareTo(LIMIT) >= 0) {
            return reject(out, width, RejectReason.UNPARSABLE_AMOUNT, names[amount] + " " + value.toPlainString()
                    + " is out of range");
        }
        String lineId = orderId;
        if (refund) {
            String given = refundId < 0 ? "" : text(row.get(refundId));
            // As in the generic import, a refund line without a refund id is a refund of its own.
            lineId = given.isEmpty() ? "refund-" + orderId + "-" + partition + ":" + index : given;
        }
        int k = width + 2;
        out[k++] = customerId;
        out[k++] = lineId;
        out[k++] = orderId.isEmpty() ? null : orderId;
        out[k++] = refund;
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        out[k++] = micros;
        out[k++] = at.getEpochSecond();
        out[k] = exact;
        return RowFactory.create(out);
    }

    private static Row reject(Object[] out, int width, RejectReason reason, String detail) {
        out[width] = reason.code();
        out[width + 1] = detail;
        return RowFactory.create(out);
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    private static String shown(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        return "\"" + (s.length() > 40 ? s.substring(0, 37) + "..." : s) + "\"";
    }

    private static Instant instant(Object value, ZoneId zone) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDateTime l) {
            return l.atZone(zone).toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(zone).toInstant();
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(zone).toInstant();
        }
        if (value instanceof String s) {
            return TimeParser.parse(s, zone);
        }
        return null;
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            // The shortest decimal that reads back as the same double: what a person typed, not its binary value.
            return Double.isFinite(d) ? new BigDecimal(value instanceof Float ? value.toString() : Double.toString(d))
                    : null;
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
