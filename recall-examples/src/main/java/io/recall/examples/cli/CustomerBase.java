package io.recall.examples.cli;

import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderEvent;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.predict.BgNbdModel;
import io.recall.predict.BtydAggregator;
import io.recall.predict.BtydSummary;
import io.recall.predict.PeriodUnit;
import io.recall.rfm.Binning;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.Classification;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The segment pipeline of {@code recall segment} (import, total-spend RFM as of a date, fitted quantile scores,
 * a scheme) for commands that need each customer's classification rather than a file of it.
 *
 * @param report          the import's accounting of every row
 * @param asOf            the as-of date used
 * @param zone            the zone local timestamps were read in (the format's)
 * @param segmenter       the fitted segmenter
 * @param classifications  every customer with a purchase by the as-of date
 * @param probabilityAlive each customer's BG/NBD P(alive) at the as-of date, when asked for (else empty)
 */
record CustomerBase(ImportReport report, LocalDate asOf, ZoneId zone, Segmenter segmenter,
                    List<Classification> classifications, Map<String, Double> probabilityAlive) {

    /** Runs the pipeline without predictions. */
    static CustomerBase load(Path input, InputFormat format, String scheme, Optional<LocalDate> asOf,
                             ProgressListener progress) throws IOException {
        return load(input, format, scheme, asOf, false, progress);
    }

    /**
     * Runs the pipeline; the currency is the first accepted row's, as in {@code recall segment}. With
     * {@code predictAlive}, the same pass also fits BG/NBD (in weeks) to every customer's purchase days and gives
     * each their P(alive).
     */
    static CustomerBase load(Path input, InputFormat format, String scheme, Optional<LocalDate> asOf,
                             boolean predictAlive, ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IllegalArgumentException("input file not found: " + input.toAbsolutePath());
        }
        SegmentScheme segments = SegmentJob.loadScheme(scheme);
        ZoneId zone = format.defaultZone();
        ImportOptions options = ImportOptions.defaults().withSource(format.id()).withZone(zone);
        if (asOf.isPresent()) {
            options = options.withCutoff(asOf.get());
        }
        RfmAggregator[] aggregator = new RfmAggregator[1];
        BtydAggregator btyd = BtydAggregator.create(zone);
        Consumer<OrderEvent> sink = new Consumer<>() {
            private Consumer<OrderEvent> feed;

            @Override
            public void accept(OrderEvent event) {
                if (predictAlive) {
                    if (event instanceof OrderEvent.PurchaseLine p) {
                        btyd.addPurchase(p.customerId(), p.orderId(), p.at(), p.orderLine().amount());
                    } else if (event instanceof OrderEvent.RefundLine r) {
                        btyd.addRefund(r.customerId(), r.orderId(), r.at(), r.orderLine().amount());
                    }
                }
                if (feed == null) {
                    aggregator[0] = RfmAggregator.create(RfmOptions.of(event.orderLine().amount().currency()).withZone(zone));
                    feed = OrderImporter.toAggregator(aggregator[0]);
                }
                feed.accept(event);
            }
        };
        ImportReport report = OrderImporter.read(input, format, options, sink, progress);
        if (aggregator[0] == null) {
            throw new IllegalArgumentException("no purchases in " + input + "; nothing to classify");
        }
        LocalDate day = asOf.orElseGet(() -> aggregator[0].lastPurchase()
                .map(last -> LocalDate.ofInstant(last, zone).plusDays(1)).orElseThrow());
        List<RfmMetrics> metrics = aggregator[0].metrics(day);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no customer has a purchase by " + day + " in " + input);
        }
        Segmenter segmenter = Segmenter.of(ScoringModel.fit(metrics, segments.levels(), Binning.QUANTILE,
                aggregator[0].options(), day), segments);
        List<Classification> all = new ArrayList<>(metrics.size());
        for (RfmMetrics m : metrics) {
            all.add(segmenter.classification(m));
        }
        Map<String, Double> alive = new HashMap<>();
        if (predictAlive) {
            // The metrics count purchases before the as-of day, so the model sees the same days.
            List<BtydSummary> summaries = btyd.summaries(day.minusDays(1), PeriodUnit.WEEKS);
            BgNbdModel model = BgNbdModel.fit(summaries);
            summaries.forEach(c -> alive.put(c.customerId(), model.probabilityAlive(c)));
        }
        return new CustomerBase(report, day, zone, segmenter, List.copyOf(all), Map.copyOf(alive));
    }

    /** Loads a customer base when asked. */
    @FunctionalInterface
    interface Source {
        CustomerBase load() throws IOException;
    }
}
