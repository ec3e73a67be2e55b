package io.recall.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.recall.ingest.ImportOptions;
import io.recall.ingest.ImportReport;
import io.recall.ingest.InputFormat;
import io.recall.ingest.OrderImporter;
import io.recall.ingest.ProgressListener;
import io.recall.ingest.RejectReason;
import io.recall.ingest.RowRejection;
import io.recall.model.Money;
import io.recall.rfm.Binning;
import io.recall.rfm.FrequencyBasis;
import io.recall.rfm.MonetaryBasis;
import io.recall.rfm.RfmAggregator;
import io.recall.rfm.RfmMetrics;
import io.recall.rfm.RfmOptions;
import io.recall.rfm.ScoringModel;
import io.recall.segment.Classification;
import io.recall.segment.Segment;
import io.recall.segment.SegmentScheme;
import io.recall.segment.Segmenter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static io.recall.examples.cli.CsvCells.csv;

/**
 * The {@code recall segment} job: import, compute metrics, fit (or load) a scoring model, classify every
 * customer, and write the results. Parsing the command line is {@link SegmentCommand}'s business; this
 * class only runs.
 */
public final class SegmentJob {

    /**
     * What to run.
     *
     * @param input          the order file (gzip or plain)
     * @param format         its format
     * @param asOf           the as-of date; empty means the day after the last purchase
     * @param scheme         a built-in scheme name or a path to a scheme JSON file
     * @param binning        quantile or mean (two-level schemes only)
     * @param frequencyBasis orders or distinct days
     * @param monetaryBasis  total or average
     * @param modelIn        a fitted model to use instead of fitting one
     * @param output         per-customer CSV
     * @param summaryJson    the summary
     * @param modelOut       where to write the fitted model
     * @param zone           the zone of local timestamps; empty means the model's, else the format's
     * @param currency       the expected currency; empty means the model's, the format's or the first row's
     */
    public record Settings(Path input, InputFormat format, Optional<LocalDate> asOf, String scheme, Binning binning,
                           FrequencyBasis frequencyBasis, MonetaryBasis monetaryBasis, Optional<Path> modelIn,
                           Optional<Path> output, Optional<Path> summaryJson, Optional<Path> modelOut,
                           Optional<ZoneId> zone, Optional<String> currency) {
        /** Validates that nothing is missing. */
        public Settings {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(scheme, "scheme");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(currency, "currency");
        }
    }

    /**
     * What came out.
     *
     * @param report    the import's accounting of every row
     * @param asOf      the as-of date used
     * @param model     the model used
     * @param scheme    the scheme used
     * @param customers customers classified
     * @param segments  customers per segment id, in the scheme's order (segments with none included)
     * @param customersWithoutPurchase customers seen only in rejected-for-purchase roles (refunds only)
     */
    public record Result(ImportReport report, LocalDate asOf, ScoringModel model, SegmentScheme scheme, int customers,
                         Map<String, Integer> segments, int customersWithoutPurchase) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SegmentJob() {
    }

    /** Runs the job. */
    public static Result run(Settings settings, ProgressListener progress) throws IOException {
        if (!Files.isRegularFile(settings.input())) {
            throw new IllegalArgumentException("input file not found: " + settings.input().toAbsolutePath());
        }
        SegmentScheme scheme = loadScheme(settings.scheme());
        Optional<ScoringModel> given = settings.modelIn().map(SegmentJob::loadModel);
        ZoneId zone = given.map(m -> m.options().zone())
                .orElse(settings.zone().orElse(settings.format().defaultZone()));
        ImportOptions importOptions = ImportOptions.defaults().withSource(settings.format().id()).withZone(zone);
        if (settings.asOf().isPresent()) {
            importOptions = importOptions.withCutoff(settings.asOf().get());
        }
        Optional<String> currency = given.map(m -> m.currency().getCurrencyCode()).or(settings::currency);
        if (currency.isPresent()) {
            importOptions = importOptions.withCurrency(currency.get());
        }
        // The aggregator needs the currency before the first row; generic files name it per row.
        Lazy lazy = new Lazy(settings, zone, given);
        ImportReport report = OrderImporter.read(settings.input(), settings.format(), importOptions, lazy, progress);
        RfmAggregator aggregator = lazy.aggregator(report.currency().orElse("GBP"));
        LocalDate asOf = settings.asOf().orElseGet(() -> aggregator.lastPurchase()
                .map(last -> LocalDate.ofInstant(last, zone).plusDays(1))
                .orElseThrow(() -> new IllegalArgumentException("no purchases in " + settings.input()
                        + "; nothing to segment (see the rejected rows in the summary)")));
        List<RfmMetrics> metrics = aggregator.metrics(asOf);
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no customer has a purchase by " + asOf + " in " + settings.input());
        }
        ScoringModel model = given.orElseGet(() -> ScoringModel.fit(metrics, scheme.levels(), settings.binning(),
                aggregator.options(), asOf));
        Segmenter segmenter = Segmenter.of(model, scheme);
        Map<String, Integer> counts = new LinkedHashMap<>();
        scheme.segments().forEach(s -> counts.put(s.id(), 0));
        Writer out = settings.output().isPresent() ? Files.newBufferedWriter(settings.output().get(), StandardCharsets.UTF_8) : null;
        try {
            if (out != null) {
                out.write("customer_id,recency_days,frequency,monetary,tenure_days,r,f,m,segment,segment_label\n");
            }
            for (RfmMetrics m : metrics) {
                Classification c = segmenter.classification(m);
                counts.merge(c.segment().id(), 1, Integer::sum);
                if (out != null) {
                    out.write(csv(m.customerId()) + ',' + m.recencyDays() + ',' + m.frequency() + ','
                            + m.monetary().amount().toPlainString() + ',' + m.tenureDays() + ',' + c.score().r() + ','
                            + c.score().f() + ',' + c.score().m() + ',' + c.segment().id() + ','
                            + csv(c.segment().label(Locale.ENGLISH)) + '\n');
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        int withoutPurchase = aggregator.customersSeen() - metrics.size();
        Result result = new Result(report, asOf, model, scheme, metrics.size(), counts, withoutPurchase);
        if (settings.modelOut().isPresent()) {
            Files.writeString(settings.modelOut().get(), model.toJson(), StandardCharsets.UTF_8);
        }
        if (settings.summaryJson().isPresent()) {
            writeSummary(settings, result, settings.summaryJson().get());
        }
        return result;
    }

    /** Creates the aggregator in the currency of the first accepted row, then feeds it. */
    private static final class Lazy implements java.util.function.Consumer<io.recall.ingest.OrderEvent> {
        private final Settings settings;
        private final ZoneId zone;
        private final Optional<ScoringModel> given;
        private RfmAggregator aggregator;
        private java.util.function.Consumer<io.recall.ingest.OrderEvent> sink;

        @Override
        public void accept(io.recall.ingest.OrderEvent event) {
            if (sink == null) {
                sink = OrderImporter.toAggregator(aggregator(event.orderLine().amount().currency().getCurrencyCode()));
            }
            sink.accept(event);
        }

        Lazy(Settings settings, ZoneId zone, Optional<ScoringModel> given) {
            this.settings = settings;
            this.zone = zone;
            this.given = given;
        }

        RfmAggregator aggregator(String currency) {
            if (aggregator == null) {
                RfmOptions options = given.map(ScoringModel::options).orElseGet(() ->
                        RfmOptions.of(Money.currency(currency)).withZone(zone)
                                .withFrequencyBasis(settings.frequencyBasis())
                                .withMonetaryBasis(settings.monetaryBasis()));
                aggregator = RfmAggregator.create(options);
            }
            return aggregator;
        }
    }

    static SegmentScheme loadScheme(String scheme) throws IOException {
        if (SegmentScheme.BUILT_IN.contains(scheme)) {
            return SegmentScheme.builtIn(scheme);
        }
        Path file = Path.of(scheme);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--scheme must be one of " + SegmentScheme.BUILT_IN
                    + " or a JSON file, but " + scheme + " is neither");
        }
        return SegmentScheme.fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static ScoringModel loadModel(Path file) {
        try {
            return ScoringModel.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeSummary(Settings settings, Result result, Path file) throws IOException {
        ImportReport report = result.report();
        ObjectNode root = JSON.createObjectNode();
        root.put("input", settings.input().toString());
        root.put("format", settings.format().id());
        root.put("asOf", result.asOf().toString());
        root.put("scheme", result.scheme().name());
        root.put("currency", result.model().currency().getCurrencyCode());
        root.put("customers", result.customers());
        root.put("customersWithoutPurchase", result.customersWithoutPurchase());
        root.put("rowsRead", report.rowsRead());
        root.put("rowsAccepted", report.rowsAccepted());
        root.put("rowsMerged", report.rowsMerged());
        root.put("rowsRejected", report.rowsRejected());
        ObjectNode reasons = root.putObject("rejectedByReason");
        for (Map.Entry<RejectReason, Long> e : report.rejectedByReason().entrySet()) {
            reasons.put(e.getKey().code(), e.getValue());
        }
        root.put("purchaseLines", report.purchaseLines());
        root.put("refundLines", report.refundLines());
        ObjectNode segments = root.putObject("segments");
        result.segments().forEach(segments::put);
        ObjectNode labels = root.putObject("segmentLabels");
        for (Segment s : result.scheme().segments()) {
            ObjectNode l = labels.putObject(s.id());
            s.labels().forEach(l::put);
        }
        var samples = root.putArray("rejectedSamples");
        for (RowRejection r : report.samples()) {
            ObjectNode s = samples.addObject();
            s.put("line", r.line());
            s.put("reason", r.reason().code());
            s.put("detail", r.detail());
        }
        root.set("model", JSON.readTree(result.model().toJson()));
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    }
}
