package io.recall.spark;

import io.recall.ingest.RejectReason;
import io.recall.spark.internal.LineColumns;
import io.recall.spark.internal.LineValidator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

/**
 * Order lines checked with the core's rules: the accepted ones, normalised, and the rejected ones with
 * the core's {@link RejectReason} code. A bad line is a counted rejection, never a failed job; a bad
 * mapping (a missing column, an unsupported type) is an {@link IllegalArgumentException} here, before
 * any job runs.
 *
 * <p>The checks, in the generic CSV import's order: unparsable time ({@code unparsable-date}), amount that
 * is null or not a number ({@code unparsable-amount}), unknown currency code, missing customer id,
 * unknown kind, purchase without order id, negative amount or a refund of zero
 * ({@code non-positive-price}), another currency than the shop's ({@code currency-mismatch}, there is no
 * converter on Spark: convert upstream), and a refund dated before the order it names
 * ({@code refund-before-order}). Amounts must fit decimal(38, 18).
 *
 * <p>Immutable; the datasets are lazy. Each call that returns a number runs a Spark job over the input:
 * persist the input (or {@link #accepted()}) when asking several questions of a large one.
 */
public final class OrderLines {

    private static final String REASON = LineColumns.PREFIX + LineColumns.REJECT_REASON;
    private static final String DETAIL = LineColumns.PREFIX + LineColumns.REJECT_DETAIL;

    private final Dataset<Row> accepted;
    private final Dataset<Row> rejected;
    private final Currency currency;
    private final ZoneId zone;

    private OrderLines(Dataset<Row> accepted, Dataset<Row> rejected, Currency currency, ZoneId zone) {
        this.accepted = accepted;
        this.rejected = rejected;
        this.currency = currency;
        this.zone = zone;
    }

    /**
     * Checks the mapping against the lines' schema now, and the lines themselves lazily.
     *
     * @param currency the shop's currency: lines in others are rejected
     * @param zone     the shop's zone: local times and dates are in it, and it decides every line's day
     * @throws IllegalArgumentException naming the column when a mapped column is missing or of a type
     *                                  that cannot hold its values
     */
    public static OrderLines of(Dataset<Row> lines, OrderColumns columns, Currency currency, ZoneId zone) {
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(zone, "zone");
        StructType schema = lines.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        for (String[] role : columns.roles()) {
            int index = names.indexOf(role[1]);
            if (index < 0) {
                throw new IllegalArgumentException("the order lines have no column \"" + role[1] + "\" (mapped as "
                        + role[0] + "); their columns are " + names);
            }
            checkType(role[0], role[1], schema.fields()[index].dataType());
        }
        for (String name : names) {
            if (name.startsWith(LineColumns.PREFIX) || name.equals(LineColumns.REJECT_REASON)
                    || name.equals(LineColumns.REJECT_DETAIL)) {
                throw new IllegalArgumentException("the order lines have a column \"" + name + "\", a name Recall "
                        + "uses for its own columns; rename it");
            }
        }
        LineValidator validator = new LineValidator(names.indexOf(columns.customerId()),
                names.indexOf(columns.orderId()), names.indexOf(columns.time()), names.indexOf(columns.amount()),
                names.indexOf(columns.currency()), columns.kind().map(names::indexOf).orElse(-1),
                columns.refundId().map(names::indexOf).orElse(-1), zone, currency, schema.fieldNames());
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(DETAIL, DataTypes.StringType, true));
        for (int i = 0; i < LineColumns.NORMALISED.length; i++) {
            fields.add(DataTypes.createStructField(LineColumns.PREFIX + LineColumns.NORMALISED[i],
                    LineColumns.NORMALISED_TYPES[i], true));
        }
        Dataset<Row> checked = lines.mapPartitions(validator, Encoders.row(DataTypes.createStructType(fields)));
        Dataset<Row> passed = checked.filter(col(REASON).isNull());
        Column[] input = names.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new);
        Dataset<Row> firstRejects = checked.filter(col(REASON).isNotNull());
        Dataset<Row> accepted;
        Dataset<Row> rejected;
        if (columns.kind().isEmpty()) {
            accepted = passed;
            rejected = firstRejects;
        } else {
            // Only a refund naming an order can precede it: join those few lines to their orders' first line.
            String customer = LineColumns.PREFIX + LineColumns.CUSTOMER_ID;
            String line = LineColumns.PREFIX + LineColumns.LINE_ID;
            String order = LineColumns.PREFIX + LineColumns.ORDER_ID;
            String refund = LineColumns.PREFIX + LineColumns.REFUND;
            String micros = LineColumns.PREFIX + LineColumns.EPOCH_MICROS;
            Dataset<Row> placed = passed.filter(col(refund).equalTo(false))
                    .groupBy(col(customer).as("p_customer"), col(line).as("p_order"))
                    .agg(min(col(micros)).as("p_placed"));
            Dataset<Row> linkedRefunds = passed.filter(col(refund).and(col(order).isNotNull()))
                    .join(placed, col(customer).equalTo(col("p_customer")).and(col(order).equalTo(col("p_order"))),
                            "left");
            Column early = col("p_placed").isNotNull().and(col(micros).lt(col("p_placed")));
            List<Column> keep = new ArrayList<>(Arrays.asList(input));
            keep.add(when(early, lit(RejectReason.REFUND_BEFORE_ORDER.code())).as(REASON));
            keep.add(when(early, concat(lit("dates out of order: refund precedes order "), col(order))).as(DETAIL));
            for (String n : LineColumns.NORMALISED) {
                keep.add(col(LineColumns.PREFIX + n));
            }
            Dataset<Row> refundsChecked = linkedRefunds.select(keep.toArray(Column[]::new));
            Dataset<Row> others = passed.filter(col(refund).equalTo(false).or(col(order).isNull()));
            accepted = others.unionByName(refundsChecked.filter(col(REASON).isNull()));
            rejected = firstRejects.unionByName(refundsChecked.filter(col(REASON).isNotNull()));
        }
        Column[] normalised = Arrays.stream(LineColumns.NORMALISED)
                .map(n -> col(LineColumns.PREFIX + n).as(n)).toArray(Column[]::new);
        List<Column> rejectColumns = new ArrayList<>(Arrays.asList(input));
        rejectColumns.add(col(REASON).as(LineColumns.REJECT_REASON));
        rejectColumns.add(col(DETAIL).as(LineColumns.REJECT_DETAIL));
        return new OrderLines(accepted.select(normalised), rejected.select(rejectColumns.toArray(Column[]::new)),
                currency, zone);
    }

    private static void checkType(String role, String name, DataType type) {
        boolean integral = type.equals(DataTypes.IntegerType) || type.equals(DataTypes.LongType)
                || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType);
        boolean ok = switch (role) {
            case "time" -> type.equals(DataTypes.TimestampType) || type.equals(DataTypes.TimestampNTZType)
                    || type.equals(DataTypes.DateType) || type.equals(DataTypes.StringType);
            case "amount" -> type instanceof DecimalType || integral || type.equals(DataTypes.DoubleType)
                    || type.equals(DataTypes.FloatType) || type.equals(DataTypes.StringType);
            case "customerId", "orderId", "refundId" -> type.equals(DataTypes.StringType) || integral;
            default -> type.equals(DataTypes.StringType);
        };
        if (!ok) {
            String expected = switch (role) {
                case "time" -> "timestamp, timestamp_ntz, date or string";
                case "amount" -> "decimal, an integral type, double, float or string";
                case "customerId", "orderId", "refundId" -> "string or an integral type";
                default -> "string";
            };
            throw new IllegalArgumentException("column \"" + name + "\" (mapped as " + role + ") is of type "
                    + type.simpleString() + "; expected " + expected);
        }
    }

    /**
     * The accepted lines, normalised: {@code customer_id}, {@code line_id} (the order id of a purchase,
     * the refund id of a refund), {@code order_id} (a refund's order, or null), {@code refund},
     * {@code epoch_micros}, {@code epoch_second} and {@code amount} (decimal(38, 18), positive for refunds).
     */
    public Dataset<Row> accepted() {
        return accepted;
    }

    /** The rejected lines: the input's columns, then {@code reject_reason} (the code) and {@code reject_detail}. */
    public Dataset<Row> rejected() {
        return rejected;
    }

    /** Rejections per reason (reasons with none are absent). Runs a Spark job. */
    public Map<RejectReason, Long> rejectedByReason() {
        Map<String, RejectReason> byCode = new java.util.HashMap<>();
        for (RejectReason reason : RejectReason.values()) {
            byCode.put(reason.code(), reason);
        }
        EnumMap<RejectReason, Long> counts = new EnumMap<>(RejectReason.class);
        for (Row row : rejected.groupBy(LineColumns.REJECT_REASON).count().collectAsList()) {
            counts.put(byCode.get(row.getString(0)), row.getLong(1));
        }
        return Collections.unmodifiableMap(counts);
    }

    /** The shop's currency. */
    public Currency currency() {
        return currency;
    }

    /** The shop's zone. */
    public ZoneId zone() {
        return zone;
    }
}
