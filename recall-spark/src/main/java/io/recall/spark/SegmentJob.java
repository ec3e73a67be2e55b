package io.recall.spark;

import io.recall.ingest.RejectReason;
import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The nightly job for {@code spark-submit}: read order lines, check them, compute RFM metrics as of a
 * date, fit the core's scoring model, classify every customer, and write the segments, the rejected
 * lines, the model JSON (what the web tier loads) and a summary. See {@code docs/spark.md}.
 *
 * <pre>
 * --input URI             order lines (any Hadoop file system: file:, hdfs:, s3a:, ...)
 * --input-format FORMAT   parquet (default), orc, json or csv (csv: header, all columns read as strings)
 * --as-of DATE            metrics as of the end of this day (YYYY-MM-DD), in --zone
 * --currency CODE         the shop's ISO 4217 currency; lines in others are rejected
 * --zone ZONE             the shop's time zone, e.g. Europe/London
 * --output URI            folder for segments/, rejects/, model.json and summary.json
 * [--scheme NAME|URI]     seed4, rfm8, rfm11 (default) or a scheme JSON file
 * [--levels N]            score levels (default: the scheme's)
 * [--frequency orders|days] [--monetary total|average] [--approximate EPS]
 * [--customer-id COL --order-id COL --time COL --amount COL --currency-column COL --kind COL|- --refund-id COL|-]
 * </pre>
 *
 * Column names default to the generic CSV format's ({@link OrderColumns#defaults()}); {@code -} drops the
 * optional kind or refund id column.
 *
 * @param input        where the lines are
 * @param inputFormat  their format
 * @param asOf         the as-of date
 * @param options      currency, zone and bases
 * @param scheme       a built-in name or the location of a scheme JSON
 * @param levels       score levels; empty means the scheme's
 * @param approximate  the relative rank error for approximate quantiles; empty means exact
 * @param columns      the column mapping
 * @param output       where the results go
 */
public record SegmentJob(String input, String inputFormat, LocalDate asOf, RfmOptions options, String scheme,
                         Optional<Integer> levels, Optional<Double> approximate, OrderColumns columns, String output) {

    /** Validates that nothing is missing. */
    public SegmentJob {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(inputFormat, "inputFormat");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(levels, "levels");
        Objects.requireNonNull(approximate, "approximate");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(output, "output");
        if (!List.of("parquet", "orc", "json", "csv").contains(inputFormat)) {
            throw new IllegalArgumentException("--input-format must be parquet, orc, json or csv but was " + inputFormat);
        }
    }

    /** Runs the job on the session {@code spark-submit} provides. */
    public static void main(String[] args) throws IOException {
        SegmentJob job = fromArgs(args);
        SparkSession spark = SparkSession.builder().appName("recall-segments").getOrCreate();
        try {
            Map<String, Object> summary = job.run(spark);
            System.out.println(summary);
        } finally {
            spark.stop();
        }
    }

    /**
     * Parses the command line (no I/O).
     *
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public static SegmentJob fromArgs(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value pairs but found " + name);
            }
            if (values.put(name.substring(2), args[++i]) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        List<String> known = List.of("input", "input-format", "as-of", "currency", "zone", "output", "scheme", "levels",
                "frequency", "monetary", "approximate", "customer-id", "order-id", "time", "amount", "currency-column",
                "kind", "refund-id");
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; the options are " + known);
            }
        }
        RfmOptions options = RfmOptions.of(Money.currency(required(values, "currency")))
                .withZone(ZoneId.of(required(values, "zone")))
                .withFrequencyBasis(switch (values.getOrDefault("frequency", "orders")) {
                    case "orders" -> FrequencyBasis.ORDERS;
                    case "days" -> FrequencyBasis.DISTINCT_DAYS;
                    default -> throw new IllegalArgumentException("--frequency must be orders or days");
                })
                .withMonetaryBasis(switch (values.getOrDefault("monetary", "total")) {
                    case "total" -> MonetaryBasis.TOTAL;
                    case "average" -> MonetaryBasis.AVERAGE;
                    default -> throw new IllegalArgumentException("--monetary must be total or average");
                });
        OrderColumns d = OrderColumns.defaults();
        String kind = values.getOrDefault("kind", d.kind().orElseThrow());
        String refundId = values.getOrDefault("refund-id", d.refundId().orElseThrow());
        OrderColumns columns = new OrderColumns(values.getOrDefault("customer-id", d.customerId()),
                values.getOrDefault("order-id", d.orderId()), values.getOrDefault("time", d.time()),
                values.getOrDefault("amount", d.amount()), values.getOrDefault("currency-column", d.currency()),
                kind.equals("-") ? Optional.empty() : Optional.of(kind),
                refundId.equals("-") ? Optional.empty() : Optional.of(refundId));
        return new SegmentJob(required(values, "input"), values.getOrDefault("input-format", "parquet"),
                LocalDate.parse(required(values, "as-of")), options, values.getOrDefault("scheme", "rfm11"),
                Optional.ofNullable(values.get("levels")).map(Integer::valueOf),
                Optional.ofNullable(values.get("approximate")).map(Double::valueOf), columns,
                required(values, "output"));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    /**
     * Runs the job and returns its summary (also written as {@code summary.json}).
     *
     * @throws IllegalArgumentException for a bad column mapping, before any job runs
     */
    public Map<String, Object> run(SparkSession spark) throws IOException {
        SegmentScheme segments = SegmentScheme.BUILT_IN.contains(scheme) ? SegmentScheme.builtIn(scheme)
                : SegmentScheme.fromJson(read(spark, scheme));
        Dataset<Row> raw = inputFormat.equals("csv")
                ? spark.read().option("header", "true").csv(input)
                : spark.read().format(inputFormat).load(input);
        OrderLines lines = OrderLines.of(raw, columns, options.currency(), options.zone());
        SparkRfm rfm = SparkRfm.of(options, asOf);
        Dataset<Row> metrics = rfm.metrics(lines).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            int n = levels.orElse(segments.levels());
            ScoringModel model = approximate.isPresent()
                    ? rfm.fitApproximately(metrics, n, approximate.get()).model()
                    : rfm.fit(metrics, n, Binning.QUANTILE);
            SparkSegmenter.of(model, segments).classify(metrics).write().mode(SaveMode.Overwrite)
                    .parquet(output + "/segments");
            lines.rejected().write().mode(SaveMode.Overwrite).parquet(output + "/rejects");
            write(spark, output + "/model.json", model.toJson());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("customers", model.population());
            Map<String, Long> rejected = new LinkedHashMap<>();
            for (Map.Entry<RejectReason, Long> e : lines.rejectedByReason().entrySet()) {
                rejected.put(e.getKey().code(), e.getValue());
            }
            summary.put("rejectedByReason", rejected);
            summary.put("approximateRelativeError", approximate.orElse(0.0));
            summary.put("model", output + "/model.json");
            write(spark, output + "/summary.json", new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(summary));
            return summary;
        } finally {
            metrics.unpersist(false);
        }
    }

    private static FileSystem fileSystem(SparkSession spark, String location) throws IOException {
        return FileSystem.get(URI.create(location), spark.sparkContext().hadoopConfiguration());
    }

    private static void write(SparkSession spark, String location, String text) throws IOException {
        try (FSDataOutputStream out = fileSystem(spark, location).create(new Path(location), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String read(SparkSession spark, String location) throws IOException {
        try (var in = fileSystem(spark, location).open(new Path(location))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SegmentJob[%s (%s) as of %s -> %s]", input, inputFormat, asOf, output);
    }
}
