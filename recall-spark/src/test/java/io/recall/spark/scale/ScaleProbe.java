package io.recall.spark.scale;

import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import io.recall.spark.ApproximateModel;
import io.recall.spark.OrderColumns;
import io.recall.spark.OrderLines;
import io.recall.spark.SparkRfm;
import io.recall.spark.SparkSegmenter;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scale runs (a main class, not a test; figures are reported, never asserted). Each mode in its own JVM:
 *
 * <pre>
 * generate N   write ScaleLines for N customers as Parquet under recall-spark/target/scale/ (Spark local[2])
 * core N       single-JVM core: stream the same lines into RfmAggregator, fit quintiles from it and classify
 *              rfm11 streaming (RfmAggregator.fit, forEachMetrics); prints wall time and peak heap
 * core-list N  the same through the list of metrics (RfmAggregator.metrics, ScoringModel.fit)
 * spark N      Spark local[2] on the Parquet: check lines, metrics, exact fit, classify (written as
 *              Parquet), and the approximate fit; prints wall times
 * </pre>
 *
 * Run with the module's test class path and Spark's --add-opens flags; see docs/spark.md.
 */
public final class ScaleProbe {

    static final Currency GBP = Money.currency("GBP");
    static final RfmOptions OPTIONS = RfmOptions.of(GBP).withZone(ZoneOffset.UTC);
    static final StructType SCHEMA = new StructType()
            .add("customer_id", DataTypes.StringType, false).add("order_id", DataTypes.StringType, false)
            .add("ordered_at", DataTypes.TimestampType, false).add("amount", DataTypes.createDecimalType(12, 2), false)
            .add("currency", DataTypes.StringType, false).add("kind", DataTypes.StringType, false)
            .add("refund_id", DataTypes.StringType, true);

    private ScaleProbe() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long customers = Long.parseLong(args[1].replace("_", ""));
        Path dir = Paths.get(args.length > 2 ? args[2] : "recall-spark/target/scale").toAbsolutePath();
        Path parquet = dir.resolve("lines-" + customers + ".parquet");
        switch (mode) {
            case "generate" -> generate(customers, parquet);
            case "core" -> core(customers, false);
            case "core-list" -> core(customers, true);
            case "spark" -> spark(customers, parquet, dir);
            default -> throw new IllegalArgumentException("mode is generate, core or spark, not " + mode);
        }
    }

    static SparkSession session() {
        return SparkSession.builder().appName("recall-scale").master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "16")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    static void generate(long customers, Path parquet) {
        SparkSession spark = session();
        long start = System.nanoTime();
        FlatMapFunction<Long, Row> lines = i -> {
            List<Row> out = new ArrayList<>(12);
            ScaleLines.customer(i, (customer, order, second, pence, refundOf) -> out.add(RowFactory.create(customer,
                    order, Timestamp.from(Instant.ofEpochSecond(second)), BigDecimal.valueOf(pence, 2), "GBP",
                    refundOf == null ? "purchase" : "refund", null)));
            return out.iterator();
        };
        Dataset<Row> rows = spark.range(0, customers, 1, Math.max(2, (int) (customers / 250_000)))
                .as(Encoders.LONG()).flatMap(lines, Encoders.row(SCHEMA));
        rows.write().mode(SaveMode.Overwrite).parquet(parquet.toString());
        long count = spark.read().parquet(parquet.toString()).count();
        System.out.printf(Locale.ROOT, "generated %,d customers, %,d lines in %.1f s into %s%n", customers, count,
                seconds(start), parquet);
        spark.stop();
    }

    static void core(long customers, boolean list) {
        resetPeaks();
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        RfmAggregator aggregator = RfmAggregator.create(OPTIONS);
        long[] lines = {0};
        for (long i = 0; i < customers; i++) {
            ScaleLines.customer(i, (customer, order, second, pence, refundOf) -> {
                lines[0]++;
                Instant at = Instant.ofEpochSecond(second);
                if (refundOf == null) {
                    aggregator.addPurchase(customer, order, at, Money.ofMinor(pence, GBP));
                } else {
                    aggregator.addRefund(customer, "r-" + lines[0], at, Money.ofMinor(pence, GBP), Optional.of(refundOf));
                }
            });
        }
        double aggregated = seconds(start);
        java.util.Map<String, Long> segments = new java.util.TreeMap<>();
        ScoringModel model;
        if (list) {
            // The list path: every customer's RfmMetrics at once (about 150 bytes each on top).
            List<RfmMetrics> metrics = aggregator.metrics(ScaleLines.AS_OF);
            model = ScoringModel.fit(metrics, 5, Binning.QUANTILE, OPTIONS, ScaleLines.AS_OF);
            Segmenter segmenter = Segmenter.of(model, SegmentScheme.builtIn("rfm11"));
            for (RfmMetrics m : metrics) {
                segments.merge(segmenter.classify(m).id(), 1L, Long::sum);
            }
        } else {
            model = aggregator.fit(ScaleLines.AS_OF, 5, Binning.QUANTILE);
            Segmenter segmenter = Segmenter.of(model, SegmentScheme.builtIn("rfm11"));
            aggregator.forEachMetrics(ScaleLines.AS_OF, m -> segments.merge(segmenter.classify(m).id(), 1L, Long::sum));
        }
        double total = seconds(start);
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        long peak = peakHeap();
        // What the aggregator itself keeps: the heap in use after a full collection while it is still reachable.
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(Locale.ROOT, "core%s: %,d customers, %,d lines: aggregate %.1f s, fit+classify %.1f s, "
                        + "total %.1f s (process CPU %.1f s), peak heap %,d MiB (max %,d MiB), retained after aggregation "
                        + "%,d MiB%n%s%n%s%n",
                list ? " (list)" : "", aggregator.customersSeen(), lines[0], aggregated, total - aggregated, total, cpu,
                peak >> 20, Runtime.getRuntime().maxMemory() >> 20, retained >> 20, model, segments);
    }

    static void spark(long customers, Path parquet, Path dir) {
        if (!Files.isDirectory(parquet)) {
            throw new IllegalStateException("generate first: " + parquet + " is missing");
        }
        SparkSession spark = session();
        long start = System.nanoTime();
        long cpuStart = cpuNanos();
        OrderLines lines = OrderLines.of(spark.read().parquet(parquet.toString()), OrderColumns.defaults(), GBP,
                ZoneOffset.UTC);
        SparkRfm rfm = SparkRfm.of(OPTIONS, ScaleLines.AS_OF);
        Dataset<Row> metrics = rfm.metrics(lines).persist(StorageLevel.MEMORY_AND_DISK());
        long n = metrics.count();
        double metricsTime = seconds(start);
        ScoringModel model = rfm.fit(metrics, 5, Binning.QUANTILE);
        double fitTime = seconds(start) - metricsTime;
        SparkSegmenter.of(model, SegmentScheme.builtIn("rfm11")).classify(metrics).write().mode(SaveMode.Overwrite)
                .parquet(dir.resolve("segments-" + customers + ".parquet").toString());
        double total = seconds(start);
        double cpu = (cpuNanos() - cpuStart) / 1e9;
        long approxStart = System.nanoTime();
        ApproximateModel approximate = rfm.fitApproximately(metrics, 5, 0.001);
        double approxTime = seconds(approxStart);
        System.out.printf(Locale.ROOT, "spark local[2]: %,d customers: read+check+metrics %.1f s, exact fit %.1f s, "
                        + "classify+write %.1f s, total %.1f s (process CPU %.1f s); approximate fit (eps 0.001) %.1f s%nexact  %s%napprox %s "
                        + "(rank bound %,d)%n", n, metricsTime, fitTime, total - metricsTime - fitTime, total, cpu, approxTime,
                model, approximate.model(), approximate.rankErrorBound());
        spark.stop();
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** CPU time of the whole process (every thread, GC and JIT included): comparable on a loaded machine. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap ever in use at once. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
