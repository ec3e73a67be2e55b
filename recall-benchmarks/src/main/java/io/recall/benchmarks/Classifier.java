package io.recall.benchmarks;

import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.ScoringModel;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;

import java.io.IOException;
import java.util.List;

/** The facade {@link ClassifyBenchmark} measures: three numbers a shop has in, a segment out. */
@FunctionalInterface
interface Classifier {

    /** The segment (a {@code Segment} or a segment name) of one customer. */
    Object classify(int recencyDays, int frequency, long monetaryMinorUnits);

    /** {@code recall} or {@code naive}, fitted on {@code population}. */
    static Classifier named(String name, Population population) {
        switch (name) {
            case "recall":
                return population.segmenter()::classify;
            case "naive":
                return NaiveClassifier.fit(population.metrics());
            default:
                throw new IllegalArgumentException("unknown classifier '" + name + "'; expected recall or naive");
        }
    }

    /** The Online Retail customers as of {@link OnlineRetail#AS_OF}, and Recall's rfm11 segmenter fitted on them. */
    record Population(List<RfmMetrics> metrics, Segmenter segmenter) {

        static Population load() throws IOException {
            RfmAggregator aggregator = OnlineRetail.aggregate(OnlineRetail.file());
            List<RfmMetrics> metrics = aggregator.metrics(OnlineRetail.AS_OF);
            ScoringModel model = ScoringModel.fit(metrics, OnlineRetail.LEVELS, Binning.QUANTILE,
                    aggregator.options(), OnlineRetail.AS_OF);
            return new Population(List.copyOf(metrics), Segmenter.of(model, SegmentScheme.builtIn("rfm11")));
        }
    }
}
