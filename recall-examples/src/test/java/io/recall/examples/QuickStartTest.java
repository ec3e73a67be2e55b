package io.recall.examples;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;
import io.recall.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's quick start, compiled and run, so the README cannot rot. */
class QuickStartTest {

    @Test
    void quickStartRunsAsTheReadmeShows() throws Exception {
        Path file = SharedData.onlineRetail();
        // --- README quick start: begin
        // Nightly batch: stream the orders, compute RFM as of a date, fit quintile scores, save the model.
        RfmAggregator orders = RfmAggregator.create(
                RfmOptions.of(Money.currency("GBP")).withZone(ZoneId.of("Europe/London")));
        ImportReport report = OrderImporter.read(file, InputFormat.ONLINE_RETAIL, ImportOptions.defaults(),
                OrderImporter.toAggregator(orders), ProgressListener.NONE);
        LocalDate asOf = LocalDate.of(2011, 12, 10);
        List<RfmMetrics> metrics = orders.metrics(asOf);
        ScoringModel model = ScoringModel.fit(metrics, 5, Binning.QUANTILE, orders.options(), asOf);
        String modelJson = model.toJson();

        // Web tier: load the model once, then classify inline (pure, allocation-free, thread-safe).
        Segmenter segmenter = Segmenter.of(ScoringModel.fromJson(modelJson), SegmentScheme.builtIn("rfm11"));
        Segment segment = segmenter.classify(12, 7, 310_00);   // days since last order, orders, spend in pence
        String label = segment.label(Locale.SIMPLIFIED_CHINESE);
        // --- README quick start: end
        assertEquals(report.rowsRead(), report.rowsAccepted() + report.rowsMerged() + report.rowsRejected());
        assertEquals(4_338, metrics.size());
        assertEquals(segment.labels().get("zh-CN"), label);
    }
}
