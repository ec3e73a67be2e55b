package io.recall.spark;

import io.recall.predict.BgNbdModel;
import io.recall.predict.BtydData;
import io.recall.predict.BtydSummary;
import io.recall.predict.ClvTerms;
import io.recall.predict.GammaGammaModel;
import io.recall.predict.Horizon;
import io.recall.predict.ParetoNbdModel;
import io.recall.predict.PeriodUnit;
import io.recall.predict.PurchaseModel;
import io.recall.spark.internal.BtydScorePartition;
import io.recall.spark.internal.Difference;
import io.recall.spark.internal.LineColumns;
import io.recall.spark.internal.LocalDay;
import io.recall.spark.internal.MeanSpend;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

/**
 * BTYD at scale: per-customer summaries computed with Spark, the core's BG/NBD, Pareto/NBD and
 * Gamma-Gamma fitted on collected <em>patterns</em> (distinct (x, t_x, T), or (x, z̄), with customer
 * counts) instead of on every customer, and P(alive), expected purchases and CLV scored on the executors
 * with the fitted models' JSON broadcast.
 *
 * <p>Summaries follow the core's {@code BtydAggregator} fed the same lines: purchases count once per
 * distinct local day in the shop's zone; lines of one order add up (earliest instant); each refund line
 * naming an order and dated by the calibration end reduces that order's spend, and removes the purchase
 * when the refunds cover the order; refunds without an order are ignored.
 *
 * <p>What reaches the driver is bounded by the calendar, not the customers: x, t_x and T are whole days
 * of the calibration period, so the purchase patterns number at most (days of the period)² × distinct
 * x, far fewer in practice. Gamma-Gamma's (x, z̄) rows are merged when equal, which helps less: z̄ is
 * continuous, so their number is bounded by the repeat buyers (16 bytes each on the driver).
 */
public final class SparkBtyd {

    /** Summary columns, as {@link #summaries} returns them. */
    public static final String CUSTOMER_ID = "customer_id";
    /** x: repeat purchases (int). */
    public static final String REPEAT_PURCHASES = "repeat_purchases";
    /** t_x in the unit (double). */
    public static final String TIME_OF_LAST_PURCHASE = "time_of_last_purchase";
    /** T in the unit (double). */
    public static final String AGE_AT_END = "age_at_end";
    /** t_x in whole days (int). */
    public static final String LAST_PURCHASE_DAYS = "last_purchase_days";
    /** T in whole days (int). */
    public static final String AGE_DAYS = "age_days";
    /** z̄: the mean spend of the repeat purchases (decimal), null when x = 0. */
    public static final String MEAN_REPEAT_SPEND = "mean_repeat_spend";
    /** Columns added by {@link #score}. */
    public static final String P_ALIVE = "p_alive";
    public static final String EXPECTED_PURCHASES = "expected_purchases";
    public static final String CLV = "clv";

    private final ZoneId zone;
    private final Currency currency;
    private final LocalDate calibrationEnd;
    private final PeriodUnit unit;

    private SparkBtyd(ZoneId zone, Currency currency, LocalDate calibrationEnd, PeriodUnit unit) {
        this.zone = Objects.requireNonNull(zone, "zone");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.calibrationEnd = Objects.requireNonNull(calibrationEnd, "calibrationEnd");
        this.unit = Objects.requireNonNull(unit, "unit");
        if (unit == PeriodUnit.OPPORTUNITIES) {
            throw new IllegalArgumentException("summaries from dates are in days or weeks; BG/BB is not offered on Spark");
        }
    }

    /**
     * Summaries as of the end of {@code calibrationEnd}, days assigned in {@code zone}, times in {@code unit}.
     *
     * @param unit days or weeks
     */
    public static SparkBtyd of(ZoneId zone, Currency currency, LocalDate calibrationEnd, PeriodUnit unit) {
        return new SparkBtyd(zone, currency, calibrationEnd, unit);
    }

    /** The unit of t_x and T. */
    public PeriodUnit unit() {
        return unit;
    }

    /**
     * One row per customer with a purchase by the calibration end: {@code customer_id},
     * {@code repeat_purchases}, {@code time_of_last_purchase}, {@code age_at_end} (in the unit),
     * {@code last_purchase_days}, {@code age_days} and {@code mean_repeat_spend}. Lazy.
     *
     * @throws IllegalArgumentException when the lines were checked with another currency or zone
     */
    public Dataset<Row> summaries(OrderLines lines) {
        Objects.requireNonNull(lines, "lines");
        if (!lines.currency().equals(currency) || !lines.zone().equals(zone)) {
            throw new IllegalArgumentException("the lines were checked for " + lines.currency() + " in " + lines.zone()
                    + " but the summaries are for " + currency + " in " + zone);
        }
        int end = Math.toIntExact(calibrationEnd.toEpochDay());
        UserDefinedFunction day = udf(new LocalDay(zone), DataTypes.IntegerType);
        UserDefinedFunction minus = udf(new Difference(), LineColumns.AMOUNT_TYPE);
        UserDefinedFunction mean = udf(new MeanSpend(currency), LineColumns.AMOUNT_TYPE);
        PeriodUnit target = unit;
        UserDefinedFunction inUnit = udf((UDF1<Integer, Double>) days -> PeriodUnit.DAYS.convert(days, target),
                DataTypes.DoubleType);
        Dataset<Row> accepted = lines.accepted();
        Dataset<Row> orders = accepted.filter(col(LineColumns.REFUND).equalTo(false))
                .groupBy(LineColumns.CUSTOMER_ID, LineColumns.LINE_ID)
                .agg(min(LineColumns.EPOCH_SECOND).as("at"), sum(LineColumns.AMOUNT).as("amount"))
                .withColumn("day", day.apply(col("at")))
                .filter(col("day").leq(end));
        // Each refund line counts by its own day, as the aggregator keeps every line's time.
        Dataset<Row> refunded = accepted.filter(col(LineColumns.REFUND).and(col(LineColumns.ORDER_ID).isNotNull()))
                .filter(day.apply(col(LineColumns.EPOCH_SECOND)).leq(end))
                .groupBy(col(LineColumns.CUSTOMER_ID).as("r_customer"), col(LineColumns.ORDER_ID).as("r_order"))
                .agg(sum(LineColumns.AMOUNT).as("refunded"));
        Dataset<Row> kept = orders.join(refunded, col(LineColumns.CUSTOMER_ID).equalTo(col("r_customer"))
                        .and(col(LineColumns.LINE_ID).equalTo(col("r_order"))), "left")
                .filter(col("refunded").isNull().or(col("refunded").lt(col("amount"))))
                .withColumn("spend", minus.apply(col("amount"), col("refunded")));
        Dataset<Row> days = kept.groupBy(LineColumns.CUSTOMER_ID, "day").agg(sum("spend").as("spend"));
        return days.groupBy(LineColumns.CUSTOMER_ID)
                .agg(min("day").as("first"), max("day").as("last"), count(lit(1)).cast("int").as("days"),
                        sum("spend").as("total"), min(struct(col("day"), col("spend"))).as("opening"))
                .select(col(LineColumns.CUSTOMER_ID).as(CUSTOMER_ID),
                        col("days").minus(1).as(REPEAT_PURCHASES),
                        col("last").minus(col("first")).as(LAST_PURCHASE_DAYS),
                        lit(end).minus(col("first")).as(AGE_DAYS),
                        minus.apply(col("total"), col("opening.spend")).as("repeat_spend"))
                .withColumn(TIME_OF_LAST_PURCHASE, inUnit.apply(col(LAST_PURCHASE_DAYS)))
                .withColumn(AGE_AT_END, inUnit.apply(col(AGE_DAYS)))
                .withColumn(MEAN_REPEAT_SPEND, mean.apply(col("repeat_spend"), col(REPEAT_PURCHASES)))
                .select(CUSTOMER_ID, REPEAT_PURCHASES, TIME_OF_LAST_PURCHASE, AGE_AT_END, LAST_PURCHASE_DAYS, AGE_DAYS,
                        MEAN_REPEAT_SPEND);
    }

    /**
     * The summaries compressed to distinct (x, t_x, T) with customer counts: the fitting data of the
     * purchase models. Collects only the patterns.
     */
    public BtydData purchasePatterns(Dataset<Row> summaries) {
        List<Row> rows = summaries.groupBy(REPEAT_PURCHASES, LAST_PURCHASE_DAYS, AGE_DAYS).count().collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no customers to fit on");
        }
        int n = rows.size();
        int[] x = new int[n];
        double[] tx = new double[n];
        double[] age = new double[n];
        long[] customers = new long[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            x[i] = row.getInt(0);
            tx[i] = PeriodUnit.DAYS.convert(row.getInt(1), unit);
            age[i] = PeriodUnit.DAYS.convert(row.getInt(2), unit);
            customers[i] = row.getLong(3);
        }
        return BtydData.ofCounts(unit, x, tx, age, customers);
    }

    /** Fits BG/NBD on the collected patterns. */
    public BgNbdModel fitBgNbd(Dataset<Row> summaries) {
        return BgNbdModel.fit(purchasePatterns(summaries));
    }

    /** Fits Pareto/NBD on the collected patterns. */
    public ParetoNbdModel fitParetoNbd(Dataset<Row> summaries) {
        return ParetoNbdModel.fit(purchasePatterns(summaries));
    }

    /**
     * Fits Gamma-Gamma on the distinct (x, z̄) of the customers with a repeat purchase and a positive
     * mean repeat spend, with their counts (the customers the core's fit uses).
     *
     * @throws IllegalArgumentException when no customer qualifies
     */
    public GammaGammaModel fitGammaGamma(Dataset<Row> summaries) {
        List<Row> rows = summaries.filter(col(REPEAT_PURCHASES).gt(0).and(col(MEAN_REPEAT_SPEND).gt(0)))
                .groupBy(REPEAT_PURCHASES, MEAN_REPEAT_SPEND).count().collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("Gamma-Gamma needs customers with repeat purchases and a positive mean "
                    + "repeat spend; there are none");
        }
        int n = rows.size();
        int[] x = new int[n];
        double[] spend = new double[n];
        long[] customers = new long[n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            x[i] = row.getInt(0);
            spend[i] = row.getDecimal(1).doubleValue();
            customers[i] = row.getLong(2);
        }
        return GammaGammaModel.fit(x, spend, customers, currency);
    }

    /**
     * The summaries with {@code p_alive}, {@code expected_purchases} (over {@code terms.horizon()}) and
     * {@code clv} (decimal, in the spend model's currency) added, computed on the executors by the core's
     * models. Lazy.
     *
     * @throws IllegalArgumentException naming a missing summary column, before any job runs
     */
    public Dataset<Row> score(Dataset<Row> summaries, PurchaseModel purchases, GammaGammaModel spend, ClvTerms terms) {
        Objects.requireNonNull(summaries, "summaries");
        Objects.requireNonNull(purchases, "purchases");
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(terms, "terms");
        StructType schema = summaries.schema();
        List<String> names = Arrays.asList(schema.fieldNames());
        String[] needed = {CUSTOMER_ID, REPEAT_PURCHASES, TIME_OF_LAST_PURCHASE, AGE_AT_END, MEAN_REPEAT_SPEND};
        int[] columns = new int[needed.length];
        for (int i = 0; i < needed.length; i++) {
            columns[i] = names.indexOf(needed[i]);
            if (columns[i] < 0) {
                throw new IllegalArgumentException("the summaries have no column \"" + needed[i]
                        + "\"; their columns are " + names);
            }
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(summaries.sparkSession().sparkContext());
        Broadcast<String[]> json = context.broadcast(new String[]{purchases.toJson(), spend.toJson()});
        StructType out = schema.add(P_ALIVE, DataTypes.DoubleType, false)
                .add(EXPECTED_PURCHASES, DataTypes.DoubleType, false)
                .add(CLV, DataTypes.createDecimalType(38, spend.currency().getDefaultFractionDigits()), false);
        return summaries.mapPartitions(new BtydScorePartition(json, columns, unit, terms.horizon(), terms),
                Encoders.row(out));
    }

    /** One row of {@link #summaries} as the core's record. */
    public BtydSummary toSummary(Row row) {
        java.math.BigDecimal mean = row.getAs(MEAN_REPEAT_SPEND);
        return new BtydSummary(row.getAs(CUSTOMER_ID), row.<Integer>getAs(REPEAT_PURCHASES),
                row.<Double>getAs(TIME_OF_LAST_PURCHASE), row.<Double>getAs(AGE_AT_END), unit,
                mean == null ? java.util.Optional.empty()
                        : java.util.Optional.of(io.recall.model.Money.of(mean, currency)));
    }
}
