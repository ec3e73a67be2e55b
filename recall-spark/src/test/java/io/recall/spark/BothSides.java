package io.recall.spark;

import io.recall.ingest.OrderImporter;
import io.recall.ingest.OrderEvent;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The same lines through the single-JVM core and through Spark: metrics, fitted model and segment of
 * every customer on both sides, for the equivalence tests to compare.
 */
final class BothSides {

    final List<RfmMetrics> coreMetrics;
    final ScoringModel coreModel;
    final Map<String, String> coreSegments = new TreeMap<>();
    final Map<String, RfmMetrics> sparkMetrics = new TreeMap<>();
    final ScoringModel sparkModel;
    final Map<String, String> sparkSegments = new TreeMap<>();
    final Dataset<Row> metrics;
    final SparkRfm rfm;

    BothSides(CoreLines lines, RfmOptions options, LocalDate asOf, int levels, Binning binning, String scheme) {
        RfmAggregator aggregator = RfmAggregator.create(options);
        Consumer<OrderEvent> sink = OrderImporter.toAggregator(aggregator);
        lines.events().forEach(sink);
        coreMetrics = aggregator.metrics(asOf);
        coreModel = ScoringModel.fit(coreMetrics, levels, binning, options, asOf);
        Segmenter segmenter = Segmenter.of(coreModel, SegmentScheme.builtIn(scheme));
        for (RfmMetrics m : coreMetrics) {
            coreSegments.put(m.customerId(), segmenter.classify(m).id());
        }

        OrderLines orderLines = OrderLines.of(lines.toDataset(TestSpark.session()), OrderColumns.defaults(),
                options.currency(), options.zone());
        rfm = SparkRfm.of(options, asOf);
        metrics = rfm.metrics(orderLines).cache();
        sparkModel = rfm.fit(metrics, levels, binning);
        List<Row> classified = SparkSegmenter.of(sparkModel, SegmentScheme.builtIn(scheme)).classify(metrics)
                .collectAsList();
        for (Row row : classified) {
            RfmMetrics m = rfm.toMetrics(row);
            sparkMetrics.put(m.customerId(), m);
            sparkSegments.put(m.customerId(), row.getAs(SparkSegmenter.SEGMENT));
        }
    }

    /** Customers whose metrics differ, described, at most ten. */
    List<String> metricDifferences() {
        List<String> differences = new ArrayList<>();
        for (RfmMetrics core : coreMetrics) {
            RfmMetrics spark = sparkMetrics.get(core.customerId());
            if (!core.equals(spark) && differences.size() < 10) {
                differences.add("core " + core + " spark " + spark);
            }
        }
        return differences;
    }
}
