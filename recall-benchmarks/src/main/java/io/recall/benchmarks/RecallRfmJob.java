package io.recall.benchmarks;

import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmScore;
import io.recall.rfm.ScoringModel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/** Recall's way: stream the file into an {@link RfmAggregator}, fit a {@link ScoringModel}, score everyone. */
final class RecallRfmJob implements RfmJob {

    @Override
    public Thresholds run(Path file, LocalDate asOf, CustomerSink sink) throws IOException {
        RfmAggregator aggregator = OnlineRetail.aggregate(file);
        List<RfmMetrics> metrics = aggregator.metrics(asOf);
        ScoringModel model = ScoringModel.fit(metrics, OnlineRetail.LEVELS, Binning.QUANTILE, aggregator.options(), asOf);
        for (RfmMetrics m : metrics) {
            long monetary = m.monetaryMinorUnits();
            RfmScore score = model.score(m.recencyDays(), m.frequency(), monetary);
            sink.accept(m.customerId(), m.recencyDays(), m.frequency(), monetary, score.r(), score.f(), score.m());
        }
        return Thresholds.of(model);
    }
}
