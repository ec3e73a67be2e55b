package io.recall.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.rfm.Binning;
import io.recall.rfm.CurrencyConverter;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.model.Money;
import io.recall.spark.internal.LineColumns;
import io.recall.spark.internal.LocalDay;
import io.recall.spark.internal.Monetary;
import io.recall.spark.internal.RankSelect;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

/**
 * RFM on Spark with the core's semantics: metrics as of the end of a date in the shop's zone, the same
 * {@link ScoringModel} the core fits, fitted from the whole population without collecting it.
 *
 * <p>Metrics follow {@code RfmAggregator} on the same lines: lines of one order (per customer) add up to
 * one order at its earliest instant; lines of one refund likewise; orders and refunds on local days after
 * the as-of date are ignored; net spend is orders minus refunds; a refund naming an order that covers
 * the whole order removes that purchase occasion; frequency counts orders or distinct local days; the
 * monetary metric is total or average net spend, rounded half-even to the currency's minor unit once.
 * One difference by construction: when the lines of one refund name different orders, the core takes
 * the first line's and Spark the smallest id (Spark rows have no order).
 *
 * <p>Immutable: it holds only the options and the date; the datasets it returns are lazy.
 */
public final class SparkRfm {

    /** The metrics columns, as {@link #metrics} returns them. */
    public static final String CUSTOMER_ID = "customer_id";
    public static final String RECENCY_DAYS = "recency_days";
    public static final String FREQUENCY = "frequency";
    /** The monetary metric in minor units (long): what the scoring model compares. */
    public static final String MONETARY_MINOR = "monetary_minor";
    /** The monetary metric as an exact decimal in the shop's currency. */
    public static final String MONETARY = "monetary";
    public static final String TENURE_DAYS = "tenure_days";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RfmOptions options;
    private final LocalDate asOf;

    private SparkRfm(RfmOptions options, LocalDate asOf) {
        this.options = Objects.requireNonNull(options, "options");
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        if (options.converter() != CurrencyConverter.NONE) {
            throw new IllegalArgumentException("currency converters do not run on Spark (they are not data); convert "
                    + "amounts upstream or pass options without a converter");
        }
    }

    /**
     * RFM as of the end of {@code asOf} in {@code options}' zone and currency.
     *
     * @throws IllegalArgumentException when the options carry a currency converter
     */
    public static SparkRfm of(RfmOptions options, LocalDate asOf) {
        return new SparkRfm(options, asOf);
    }

    /** The options. */
    public RfmOptions options() {
        return options;
    }

    /** The as-of date. */
    public LocalDate asOf() {
        return asOf;
    }

    /**
     * Every customer's metrics, one row per customer with a purchase by the as-of date: {@code customer_id},
     * {@code recency_days}, {@code frequency}, {@code monetary_minor} (long), {@code monetary} (decimal) and
     * {@code tenure_days}. Lazy.
     *
     * @throws IllegalArgumentException when the lines were checked with another currency or zone
     */
    public Dataset<Row> metrics(OrderLines lines) {
        Objects.requireNonNull(lines, "lines");
        if (!lines.currency().equals(options.currency()) || !lines.zone().equals(options.zone())) {
            throw new IllegalArgumentException("the lines were checked for " + lines.currency() + " in " + lines.zone()
                    + " but the options say " + options.currency() + " in " + options.zone());
        }
        int asOfDay = Math.toIntExact(asOf.toEpochDay());
        int digits = options.currency().getDefaultFractionDigits();
        UserDefinedFunction day = udf(new LocalDay(options.zone()), DataTypes.IntegerType);
        UserDefinedFunction monetary = udf(new Monetary(digits, options.monetaryBasis() == MonetaryBasis.AVERAGE),
                DataTypes.LongType);
        UserDefinedFunction decimal = udf((UDF1<Long, BigDecimal>) minor -> BigDecimal.valueOf(minor, digits),
                DataTypes.createDecimalType(19 + digits, digits));
        Dataset<Row> accepted = lines.accepted();
        Dataset<Row> orders = accepted.filter(col(LineColumns.REFUND).equalTo(false))
                .groupBy(LineColumns.CUSTOMER_ID, LineColumns.LINE_ID)
                .agg(min(LineColumns.EPOCH_SECOND).as("at"), sum(LineColumns.AMOUNT).as("amount"))
                .withColumn("day", day.apply(col("at")))
                .filter(col("day").leq(asOfDay));
        Dataset<Row> refunds = accepted.filter(col(LineColumns.REFUND))
                .groupBy(LineColumns.CUSTOMER_ID, LineColumns.LINE_ID)
                .agg(min(LineColumns.EPOCH_SECOND).as("at"), sum(LineColumns.AMOUNT).as("amount"),
                        min(LineColumns.ORDER_ID).as("linked"))
                .withColumn("day", day.apply(col("at")))
                .filter(col("day").leq(asOfDay));
        Dataset<Row> refundedTotal = refunds.groupBy(col(LineColumns.CUSTOMER_ID).as("r_customer"))
                .agg(sum("amount").as("refunded_total"));
        Dataset<Row> refundedByOrder = refunds.filter(col("linked").isNotNull())
                .groupBy(col(LineColumns.CUSTOMER_ID).as("o_customer"), col("linked"))
                .agg(sum("amount").as("refunded"));
        // A linked refund of the whole order means the purchase did not happen after all (it still nets).
        Dataset<Row> occasions = orders.join(refundedByOrder,
                        col(LineColumns.CUSTOMER_ID).equalTo(col("o_customer"))
                                .and(col(LineColumns.LINE_ID).equalTo(col("linked"))), "left")
                .withColumn("counts", col("refunded").isNull().or(col("refunded").lt(col("amount"))));
        Column counted = when(col("counts"), col("day"));
        Column frequency = options.frequencyBasis() == FrequencyBasis.ORDERS
                ? count(counted) : count_distinct(counted);
        Dataset<Row> perCustomer = occasions.groupBy(LineColumns.CUSTOMER_ID)
                .agg(sum("amount").as("gross"), frequency.cast("int").as("frequency"),
                        min(counted).as("first"), max(counted).as("last"))
                .filter(col("frequency").gt(0));
        return perCustomer.join(refundedTotal, col(LineColumns.CUSTOMER_ID).equalTo(col("r_customer")), "left")
                .select(col(LineColumns.CUSTOMER_ID).as(CUSTOMER_ID),
                        lit(asOfDay).minus(col("last")).as(RECENCY_DAYS),
                        col("frequency").as(FREQUENCY),
                        monetary.apply(col("gross"), col("refunded_total"), col("frequency")).as(MONETARY_MINOR),
                        lit(asOfDay).minus(col("first")).as(TENURE_DAYS))
                .withColumn(MONETARY, decimal.apply(col(MONETARY_MINOR)))
                .select(CUSTOMER_ID, RECENCY_DAYS, FREQUENCY, MONETARY_MINOR, MONETARY, TENURE_DAYS);
    }

    /**
     * Fits the core's model on every row of {@code metrics} (as {@link #metrics} returns them): exactly
     * the model {@code ScoringModel.fit} gives on the same population in one JVM. Quantile thresholds
     * are selected exactly by rank; only per-partition counts and the thresholds reach the driver.
     * Persists {@code metrics} for the duration unless it already is.
     *
     * @param binning {@link Binning#QUANTILE} or {@link Binning#MEAN} (two levels)
     * @throws IllegalArgumentException when the population is empty or larger than 2^31 - 1 customers
     */
    public ScoringModel fit(Dataset<Row> metrics, int levels, Binning binning) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(binning, "binning");
        if (levels < ScoringModel.MIN_LEVELS || levels > ScoringModel.MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be " + ScoringModel.MIN_LEVELS + ".." + ScoringModel.MAX_LEVELS
                    + " but was " + levels);
        }
        if (binning == Binning.GIVEN) {
            throw new IllegalArgumentException("GIVEN thresholds are not fitted; use ScoringModel.given");
        }
        if (binning == Binning.MEAN && levels != 2) {
            throw new IllegalArgumentException("mean binning splits into 2 levels, not " + levels);
        }
        boolean persisted = persist(metrics);
        try {
            long n = population(metrics);
            long[] r = new long[levels - 1];
            long[] f = new long[levels - 1];
            long[] m = new long[levels - 1];
            if (binning == Binning.QUANTILE) {
                long[] ranks = new long[levels - 1];
                for (int i = 1; i < levels; i++) {
                    ranks[i - 1] = ceilDiv((long) i * n, levels) - 1;
                }
                long[][] cuts = RankSelect.valuesAt(metrics, new String[]{RECENCY_DAYS, FREQUENCY, MONETARY_MINOR},
                        ranks);
                r = cuts[0];
                f = cuts[1];
                m = cuts[2];
            } else {
                Row sums = metrics.agg(sum(RECENCY_DAYS).cast("long"), sum(FREQUENCY).cast("long"),
                        sum(col(MONETARY_MINOR).cast("decimal(38,0)"))).first();
                // As the core: "high" is strictly beyond the mean; integers v > mean iff v > floor(mean).
                r[0] = ceilDiv(sums.getLong(0), n) - 1;
                f[0] = Math.floorDiv(sums.getLong(1), n);
                m[0] = sums.getDecimal(2).divide(BigDecimal.valueOf(n), 0, java.math.RoundingMode.FLOOR)
                        .longValueExact();
            }
            r[0] = Math.max(r[0], 0);
            return model(levels, binning, n, r, f, m);
        } finally {
            if (persisted) {
                metrics.unpersist(false);
            }
        }
    }

    /**
     * Fits quantile thresholds estimated with Spark's {@code approxQuantile} at the given relative rank
     * error: one pass, a sketch per partition, no sort. See {@link ApproximateModel} for the bound.
     *
     * @param relativeError in (0, 1), e.g. 0.001
     */
    public ApproximateModel fitApproximately(Dataset<Row> metrics, int levels, double relativeError) {
        Objects.requireNonNull(metrics, "metrics");
        if (!(relativeError > 0 && relativeError < 1)) {
            throw new IllegalArgumentException("relative error must be in (0, 1) but was " + relativeError
                    + "; for exact thresholds call fit");
        }
        if (levels < ScoringModel.MIN_LEVELS || levels > ScoringModel.MAX_LEVELS) {
            throw new IllegalArgumentException("levels must be " + ScoringModel.MIN_LEVELS + ".." + ScoringModel.MAX_LEVELS
                    + " but was " + levels);
        }
        boolean persisted = persist(metrics);
        try {
            long n = population(metrics);
            double[] probabilities = new double[levels - 1];
            for (int i = 1; i < levels; i++) {
                probabilities[i - 1] = (double) i / levels;
            }
            double[][] q = metrics.select(col(RECENCY_DAYS).cast("double"), col(FREQUENCY).cast("double"),
                            col(MONETARY_MINOR).cast("double"))
                    .stat().approxQuantile(new String[]{RECENCY_DAYS, FREQUENCY, MONETARY_MINOR}, probabilities,
                            relativeError);
            long[] r = new long[levels - 1];
            long[] f = new long[levels - 1];
            long[] m = new long[levels - 1];
            for (int i = 0; i < levels - 1; i++) {
                // The sketch returns values of the population; minor units below 2^53 are exact in a double.
                r[i] = Math.round(q[0][i]);
                f[i] = Math.round(q[1][i]);
                m[i] = Math.round(q[2][i]);
            }
            r[0] = Math.max(r[0], 0);
            return new ApproximateModel(model(levels, Binning.QUANTILE, n, r, f, m), relativeError, n);
        } finally {
            if (persisted) {
                metrics.unpersist(false);
            }
        }
    }

    /** One row of {@link #metrics} as the core's record. */
    public RfmMetrics toMetrics(Row row) {
        return new RfmMetrics(row.getAs(CUSTOMER_ID), row.<Integer>getAs(RECENCY_DAYS), row.<Integer>getAs(FREQUENCY),
                Money.ofMinor(row.<Long>getAs(MONETARY_MINOR), options.currency()), row.<Integer>getAs(TENURE_DAYS));
    }

    private static boolean persist(Dataset<Row> data) {
        if (data.storageLevel().useMemory() || data.storageLevel().useDisk()) {
            return false;
        }
        data.persist(StorageLevel.MEMORY_AND_DISK());
        return true;
    }

    private static long population(Dataset<Row> metrics) {
        long n = metrics.count();
        if (n == 0) {
            throw new IllegalArgumentException("cannot fit a scoring model on an empty population");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the core's model records its population as an int; " + n
                    + " customers are more");
        }
        return n;
    }

    /** The core's model with these thresholds, built through its JSON form so it is exactly what the core reads. */
    private ScoringModel model(int levels, Binning binning, long population, long[] r, long[] f, long[] m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("type", ScoringModel.JSON_TYPE);
        root.put("version", 1);
        root.put("levels", levels);
        root.put("binning", binning.name().toLowerCase(Locale.ROOT));
        root.put("currency", options.currency().getCurrencyCode());
        root.put("zone", options.zone().getId());
        root.put("frequencyBasis", options.frequencyBasis().name().toLowerCase(Locale.ROOT));
        root.put("monetaryBasis", options.monetaryBasis().name().toLowerCase(Locale.ROOT));
        root.put("asOf", asOf.toString());
        root.put("population", population);
        ArrayNode rn = root.putArray("recencyDays");
        ArrayNode fn = root.putArray("frequency");
        ArrayNode mn = root.putArray("monetary");
        int digits = options.currency().getDefaultFractionDigits();
        for (int i = 0; i < r.length; i++) {
            rn.add(r[i]);
            fn.add(f[i]);
            mn.add(BigDecimal.valueOf(m[i], digits).toPlainString());
        }
        return ScoringModel.fromJson(root.toString());
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
